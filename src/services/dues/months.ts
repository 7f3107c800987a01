import { zonedParts } from '../../contracts/time.js';

// Months as yyyymm integers (202612): sortable, readable in the database, and what people think in
// (党费 are owed per calendar month in the unit's zone).

/** A calendar month as yyyymm, e.g. 202612. */
export type Month = number;

export const yearOf = (m: Month): number => Math.floor(m / 100);
export const monthNumber = (m: Month): number => m % 100;

/** yyyymm from a year and a month 1–12. */
export function monthFrom(year: number, month: number): Month {
  return year * 100 + month;
}

/** True for a well-formed yyyymm (years 2000–2199). */
export function isMonth(m: number): boolean {
  return Number.isInteger(m) && yearOf(m) >= 2000 && yearOf(m) < 2200 && monthNumber(m) >= 1 && monthNumber(m) <= 12;
}

const index = (m: Month) => yearOf(m) * 12 + monthNumber(m) - 1;
const fromIndex = (i: number): Month => monthFrom(Math.floor(i / 12), (i % 12) + 1);

/** The month `n` months after `m` (negative: before). */
export function addMonths(m: Month, n: number): Month {
  return fromIndex(index(m) + n);
}

/** How many months from `a` to `b` (b − a; 0 when equal). */
export function monthsBetween(a: Month, b: Month): number {
  return index(b) - index(a);
}

/** Every month from `from` to `to`, both included (empty when to < from). */
export function monthRange(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let i = index(from); i <= index(to); i++) out.push(fromIndex(i));
  return out;
}

/** The month an instant falls in, in the zone `tz`. */
export function monthOf(d: Date, tz: string): Month {
  const p = zonedParts(d, tz);
  return monthFrom(p.year, p.month);
}

/** The three months of a quarter. */
export function quarterMonths(year: number, quarter: 1 | 2 | 3 | 4): Month[] {
  const first = monthFrom(year, (quarter - 1) * 3 + 1);
  return monthRange(first, addMonths(first, 2));
}

/** The quarter a month lies in. */
export function quarterOfMonth(m: Month): { year: number; quarter: 1 | 2 | 3 | 4 } {
  return { year: yearOf(m), quarter: (Math.floor((monthNumber(m) - 1) / 3) + 1) as 1 | 2 | 3 | 4 };
}

/** "2026-12", the form external callers (the dashboard) and documents use. */
export function monthKey(m: Month): string {
  return `${yearOf(m)}-${String(monthNumber(m)).padStart(2, '0')}`;
}

/** "2026-12" → 202612, or null. */
export function parseMonthKey(key: string): Month | null {
  const g = /^(\d{4})-(\d{2})$/.exec(key);
  if (!g) return null;
  const m = monthFrom(Number(g[1]), Number(g[2]));
  return isMonth(m) ? m : null;
}

/** Days in a month. */
export function daysIn(m: Month): number {
  return new Date(Date.UTC(yearOf(m), monthNumber(m), 0)).getUTCDate();
}
