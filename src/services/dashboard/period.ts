import { fromZoned } from '../../contracts/time.js';
import { quarterBounds, type QuarterBounds } from '../meetings/quarter.js';

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

// A 党委 page computes a thousand rows, each in its unit's zone: building an Intl formatter per
// date (what contracts/time.ts's zonedParts does) was half of its time (a CPU profile of
// bench/dashboard.ts). Formatters are kept per zone, and month bounds per zone and month.
const formatters = new Map<string, Intl.DateTimeFormat>();
const MEMO_MAX = 256;
const monthMemo = new Map<string, Month[]>();
const quarterMemo = new Map<string, QuarterBounds>();

function yearMonth(now: Date, tz: string): { year: number; month: number } {
  let f = formatters.get(tz);
  if (!f)
    formatters.set(tz, (f = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: 'numeric' })));
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(now)) p[part.type] = part.value;
  return { year: Number(p.year), month: Number(p.month) };
}

function remember<T>(memo: Map<string, T>, key: string, make: () => T): T {
  let v = memo.get(key);
  if (v === undefined) {
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(key, (v = make()));
  }
  return v;
}

/** The last `n` calendar months in `tz`, the current one last (epoch ms bounds, end exclusive). */
export function lastMonths(now: Date, tz: string, n = LOOKBACK_MONTHS): Month[] {
  const { year, month } = yearMonth(now, tz);
  return remember(monthMemo, `${tz}|${year}|${month}|${n}`, () => {
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
  });
}

/** The quarter holding `now` in `tz` (quarter.ts's bounds). */
export function quarterIn(now: Date, tz: string): QuarterBounds {
  const { year, month } = yearMonth(now, tz);
  const quarter = (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4;
  return remember(quarterMemo, `${tz}|${year}|${quarter}`, () => quarterBounds(year, quarter, tz));
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
