/**
 * The calendar date a DaySpec names, counted from today in the unit's zone. Weeks run Monday to
 * Sunday (下周三 said on a Sunday is three days later, not ten). What the words left open is
 * marked as `roll`: if the time turns out to be past, resolve.ts moves it by that step.
 */
import { addDays, addMonths, daysInMonth, isoWeekday, isValidDate } from './calendar.js';
import type { DaySpec } from './spec.js';
import type { Assumption, CalendarDate } from './types.js';

/** How a date may move forward when it has passed: a bare time, weekday, day of month, month-day. */
export type Roll = 'day' | 'week' | 'month' | 'year';

export interface DayResolved {
  date: CalendarDate;
  roll?: Roll;
  assumed: Assumption[];
  /** The same words read a month or a year later, for rolling; null when there is no such day. */
  again?: (step: 'month' | 'year') => CalendarDate | null;
}

export type DayProblem = { problem: 'no_such_date'; year?: number; month: number; day: number };

type CalendarSpec = DaySpec & { kind: 'calendar' };

/** The day `spec` names within year/month, or null when that month has no such day. */
function dayIn(spec: CalendarSpec, year: number, month: number): CalendarDate | null {
  let day: number;
  if (spec.edge) day = spec.edge === 'end' ? daysInMonth(year, month) : 1;
  else if (spec.nth) {
    const first = isoWeekday({ year, month, day: 1 });
    day = 1 + ((spec.nth.weekday - first + 7) % 7) + 7 * (spec.nth.n - 1);
  } else day = spec.day!;
  if (!isValidDate(year, month, day)) return null;
  return spec.shift ? addDays({ year, month, day }, spec.shift) : { year, month, day };
}

function calendar(spec: CalendarSpec, today: CalendarDate): DayResolved | DayProblem {
  const assumed: Assumption[] = [];
  if (spec.edge) assumed.push({ kind: spec.edge === 'end' ? 'month_end' : 'month_start' });
  let year = spec.year ?? (spec.yearRel === undefined ? today.year : today.year + spec.yearRel);
  let month = spec.month;
  let roll: Roll | undefined;
  // 「去年本月十日」: the relative month counts from the written year.
  if (spec.monthRel !== undefined) ({ year, month } = addMonths(year, today.month, spec.monthRel));
  else if (month === undefined) {
    month = today.month;
    roll = 'month';
  } else if (spec.year === undefined && spec.yearRel === undefined) roll = 'year';
  if (month < 1 || month > 12) return { problem: 'no_such_date', month, day: spec.day ?? 0 };
  let date = dayIn(spec, year, month);
  /** The month the words were read in, from which a roll counts on. */
  let base = { year, month };
  if (!date && roll === 'month') {
    // 「29日」 said in a February without one, 「31号」 in November: the next month that has it.
    base = addMonths(year, month, 1);
    date = dayIn(spec, base.year, base.month);
    if (date) assumed.push({ kind: 'next_month', year: base.year, month: base.month });
  }
  if (!date) {
    const writtenYear = spec.year ?? (spec.yearRel === undefined ? undefined : year);
    const y = writtenYear === undefined ? {} : { year: writtenYear };
    return { problem: 'no_such_date', ...y, month, day: spec.day ?? 0 };
  }
  const again = (step: 'month' | 'year') => {
    const next = step === 'month' ? addMonths(base.year, base.month, 1) : { year: base.year + 1, month: base.month };
    return dayIn(spec, next.year, next.month);
  };
  return roll ? { date, roll, assumed, again } : { date, assumed, again };
}

function weekday(spec: DaySpec & { kind: 'weekday' }, today: CalendarDate): DayResolved {
  const assumed: Assumption[] = spec.weekend ? [{ kind: 'weekend' }] : [];
  const todayWeekday = isoWeekday(today);
  if (spec.weeks === undefined) {
    return { date: addDays(today, (spec.weekday - todayWeekday + 7) % 7), roll: 'week', assumed };
  }
  const monday = addDays(today, 1 - todayWeekday + 7 * spec.weeks);
  const sunday = addDays(monday, 6);
  // Said on a Sunday, 这周/下周 is read a week apart by those who start weeks on Sunday; and a week
  // across a month end is where people lose count. Either way the answer names the week.
  if ((spec.weeks === 0 || spec.weeks === 1) && (todayWeekday === 7 || monday.month !== sunday.month)) {
    assumed.push({ kind: 'week', monday, sunday });
  }
  return { date: addDays(monday, spec.weekday - 1), assumed };
}

/** The date `spec` names seen from `today` at `hourNow` (for 明天 after midnight). */
export function resolveDay(spec: DaySpec | undefined, today: CalendarDate, hourNow: number): DayResolved | DayProblem {
  if (!spec || spec.kind === 'now') return { date: today, roll: 'day', assumed: [] };
  switch (spec.kind) {
    case 'relative': {
      const date = addDays(today, spec.days);
      // At 00:30 「明天」 may mean the day that has just begun; the answer shows which date was taken.
      const lateNight = spec.word && spec.days === 1 && hourNow < 5;
      return { date, assumed: lateNight ? [{ kind: 'late_night_tomorrow', date }] : [] };
    }
    case 'months_later': {
      const { year, month } = addMonths(today.year, today.month, spec.months);
      return { date: { year, month, day: Math.min(today.day, daysInMonth(year, month)) }, assumed: [] };
    }
    case 'weekday':
      return weekday(spec, today);
    case 'calendar':
      return calendar(spec, today);
  }
}
