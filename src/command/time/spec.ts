/**
 * What the readers understood from the words, before any date is computed: the grammar
 * (dates.ts, clock.ts, offsets.ts, clause.ts) fills these, resolve.ts turns them into instants.
 * Keeping the two apart is what lets the answer say which parts were written and which assumed.
 */
import type { PartOfDay, RefusalParams } from './types.js';

/** Which day was named, as written. */
export type DaySpec =
  /** Fields left out are filled from today, and may move forward when that is past (days.ts). */
  | {
      kind: 'calendar';
      year?: number;
      /** Year relative to this year (明年 1, 去年 -1); exclusive with `year`. */
      yearRel?: number;
      month?: number;
      /** Month relative to this month (下个月 1, 本月 0); exclusive with `month`. */
      monthRel?: number;
      day?: number;
      /** 月底 / 月初. */
      edge?: 'end' | 'start';
      /** The nth weekday of the month (母亲节: 5月的第2个周日). */
      nth?: { weekday: number; n: number };
      /** Days before or after the day named (元旦前一天 -1). */
      shift?: number;
    }
  /** Days from today: 今天 0, 明天 1, 三天后 3, 昨天 -1. `word` marks 明天 (its late-night reading). */
  | { kind: 'relative'; days: number; word?: boolean }
  | { kind: 'months_later'; months: number }
  /** ISO weekday 1–7; `weeks` from this Monday–Sunday week (下周 1), absent for a bare 周三. */
  | { kind: 'weekday'; weekday: number; weeks?: number; weekend?: boolean }
  | { kind: 'now' };

export interface ClockSpec {
  part?: PartOfDay;
  /** A one-character part (早, 晚) that only counts next to a date or an hour. */
  loosePart?: boolean;
  hour?: number;
  minute: number;
  second: number;
  meridiem?: 'am' | 'pm';
  /** Written with a leading zero (05:40): a 24-hour time, never moved to the afternoon. */
  padded?: boolean;
  approx?: boolean;
  /** 午夜: the midnight that ends the day. */
  midnight?: boolean;
  /** Minutes east of UTC written after an ISO time (…T08:15:30-05:30). */
  zoneOffset?: number;
}

export interface PointSpec {
  day?: DaySpec;
  /** A weekday written next to a date (12月18日（周四）), checked against it. */
  weekdayCheck?: number;
  /** The same day named another way in brackets (本周五（12月11日）), checked against it. */
  sameDay?: DaySpec;
  clock?: ClockSpec;
}

/** Words that name no single instant, found while reading. */
export type Problem = RefusalParams['ambiguous']['what'] | 'lunar';

export interface ClauseSpec {
  start: PointSpec;
  end?: PointSpec;
  /** An exact offset from now in seconds (一个半小时后 5400; 半小时前 -1800). */
  offsetSeconds?: number;
  problem?: Problem;
}

/** Reads sticky regexes one after another at a moving position. */
export class Cursor {
  constructor(
    readonly s: string,
    public pos = 0,
  ) {}

  eat(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.pos;
    const m = re.exec(this.s);
    if (m) this.pos = re.lastIndex;
    return m;
  }

  /** Runs `read`; puts the position back when it returns null or undefined. */
  try<T>(read: () => T | null | undefined): T | null {
    const at = this.pos;
    const r = read();
    if (r === null || r === undefined) {
      this.pos = at;
      return null;
    }
    return r;
  }
}

/** A sticky regex: it matches only at the cursor. */
export const sticky = (source: string, flags = ''): RegExp => new RegExp(source, `y${flags}`);

/** Returned by a reader that recognised something that must not count as a time (「一点都不好」). */
export const REJECT = 'reject' as const;
export type Reject = typeof REJECT;
