/** Calendar arithmetic on dates without a zone: the readers work in the unit's wall-clock dates. */
import type { CalendarDate } from './types.js';

const utc = (d: CalendarDate): number => Date.UTC(d.year, d.month - 1, d.day);

/** The date `days` after `d` (negative: before), across month and year ends. */
export function addDays(d: CalendarDate, days: number): CalendarDate {
  const t = new Date(utc(d) + days * 86_400_000);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** Year and month `months` after year/month. */
export function addMonths(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday: Monday 1 … Sunday 7, because weeks here start on Monday. */
export function isoWeekday(d: CalendarDate): number {
  return new Date(utc(d)).getUTCDay() || 7;
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((utc(b) - utc(a)) / 86_400_000);
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return utc(a) - utc(b);
}

export function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}
