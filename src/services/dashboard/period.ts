import { fromZoned, zonedParts } from '../../contracts/time.js';

/** Months the branch page looks back over (attendance, notices, volunteer hours). */
export const LOOKBACK_MONTHS = 12;

export interface Month {
  /** "2026-03" */
  key: string;
  year: number;
  month: number;
  start: number;
  end: number;
}

/** The last `n` calendar months in `tz`, the current one last (epoch ms bounds, end exclusive). */
export function lastMonths(now: Date, tz: string, n = LOOKBACK_MONTHS): Month[] {
  const { year, month } = zonedParts(now, tz);
  const out: Month[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const index = year * 12 + (month - 1) - i;
    const y = Math.floor(index / 12);
    const m = (index % 12) + 1;
    const start = fromZoned({ year: y, month: m, day: 1, hour: 0, minute: 0 }, tz).getTime();
    const end = fromZoned({ year: y, month: m + 1, day: 1, hour: 0, minute: 0 }, tz).getTime();
    out.push({ key: `${y}-${String(m).padStart(2, '0')}`, year: y, month: m, start, end });
  }
  return out;
}

/** The index of the month holding `at`, or -1. */
export function monthIndex(months: readonly Month[], at: number): number {
  for (let i = 0; i < months.length; i++) if (at >= months[i]!.start && at < months[i]!.end) return i;
  return -1;
}

/** The median of some numbers, or null for none. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
