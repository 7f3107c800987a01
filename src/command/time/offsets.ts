/**
 * Readers for offsets from now: 「一个半小时后」「一刻钟后」「再过半个小时」 (an exact instant),
 * 「两天后」「3个星期后」「半年后」 (a day, to which an hour may follow), their past forms
 * (「6个小时前」「3天前」, refused later as past) and windows (「五日内」, no single instant).
 */
import { NUM, zhNum } from './numbers.js';
import { Cursor, REJECT, sticky, type DaySpec, type Problem, type Reject } from './spec.js';

export type OffsetRead = { seconds: number } | { day: DaySpec } | { problem: Problem };

/** Words before the amount: 再过/之后/还有 N (later), 之前 N (earlier), 还剩 N (left until what?), 过了 N (narrative). */
const PREFIX = '(再过|过了|过|之后|以后|还有|之前|以前|还剩)?\\s*';
const AMOUNT = `(一个半|两个半|半个?|(?:${NUM}|\\d+(?:\\.\\d+)?|几)个?半?)`;
const DIRECTION = '\\s*(以后|之后|过后|后|以前|之前|前|以内|之内|内)?';
const CLOCK_OFFSET = sticky(`${PREFIX}${AMOUNT}\\s*(小时|钟头|分钟|刻钟|秒钟|钟|分|秒)(半钟?)?${DIRECTION}`);
/** 「第三天」 counts from a start the words do not give. */
const NTH_DAY = sticky(`第(?:${NUM}|几)个?(?:天|日|周|星期|月|年)`);
const DAY_OFFSET = sticky(`${PREFIX}${AMOUNT}\\s*(天|日|周|星期|月|年)(半)?${DIRECTION}(?:的)?`);

/**
 * Offsets are clamped to a century either way: any of them is refused later as past or beyond the
 * horizon, and 「20262026周后」 must not run off the calendar (a Date holds ±273,790 years).
 */
const CENTURY_DAYS = 36_525;
const clampDays = (days: number): number => Math.max(-CENTURY_DAYS, Math.min(CENTURY_DAYS, days));
const clampMonths = (months: number): number => Math.max(-1200, Math.min(1200, months));
const clampSeconds = (seconds: number): number => clampDays(seconds / 86_400) * 86_400;

const UNIT_SECONDS: Record<string, number> = {
  小时: 3600,
  钟头: 3600,
  钟: 3600,
  分钟: 60,
  分: 60,
  刻钟: 900,
  秒钟: 1,
  秒: 1,
};

/** 「一个半」 1.5, 「半个」 0.5, 「两」 2, 「1.5」 1.5; null for 几 or anything else. */
function amountOf(text: string, trailingHalf: boolean): number | null {
  const half = /半/.test(text) || trailingHalf ? 0.5 : 0;
  const core = text.replace(/[个半]/g, '');
  if (core === '') return half || null;
  if (core === '几') return null;
  const n = /^\d+\.\d+$/.test(core) ? Number(core) : zhNum(core);
  return n === null ? null : n + half;
}

/** Spans, not instants: 前1周, 后1年, 近30天, 未来两个月, 上个小时, 上半月. */
const SPAN_UNIT = '个?(?:天|日|周|星期|月|年|小时|钟头|分钟)';
const SPAN = sticky(
  `(?:前|后|上|下)(?:${NUM}|\\d+)${SPAN_UNIT}|(?:近|未来|过去|最近)(?:${NUM}|\\d+|几)?${SPAN_UNIT}` +
    '|(?:上|下|这)个?(?:小时|钟头)|(?:上|下|前|后)半个?(?:天|周|星期|月|年)',
);

type Direction = 'after' | 'before' | 'within' | 'vague' | 'narrative';
function directionOf(word: string | undefined, prefix: string | undefined): Direction | null {
  if (prefix === '还剩') return 'vague';
  // 「已经过了一个钟头」 tells what happened; it names no time to meet.
  if (prefix === '过了') return 'narrative';
  if (word !== undefined) return /内/.test(word) ? 'within' : /前/.test(word) ? 'before' : 'after';
  if (prefix === undefined) return null;
  return /前/.test(prefix) ? 'before' : 'after';
}

function readClockOffset(c: Cursor): OffsetRead | Reject | null {
  const g = c.eat(CLOCK_OFFSET);
  if (!g) return null;
  const dir = directionOf(g[5], g[1]);
  // A bare duration (「1.5小时」「十分之一」) is a length or a fraction, not a moment.
  if (!dir || dir === 'narrative') return REJECT;
  if (dir === 'within') return { problem: 'window' };
  if (dir === 'vague') return { problem: 'vague' };
  const amount = amountOf(g[2]!, g[4] !== undefined);
  if (amount === null) return { problem: 'vague' };
  const seconds = Math.round(amount * UNIT_SECONDS[g[3]!]!);
  return { seconds: clampSeconds(dir === 'before' ? -seconds : seconds) };
}

function readDayOffset(c: Cursor): OffsetRead | Reject | null {
  const g = c.eat(DAY_OFFSET);
  if (!g) return null;
  const unit = g[3]!;
  const counted = /个/.test(g[2]!) || /半/.test(g[2]!) || g[4] !== undefined;
  // 「2018年之后」「07年以后」 are years, not counts of years.
  if (unit === '年' && /^(?:\d{3,}|0\d)$/.test(g[2]!)) return null;
  const dir = directionOf(g[5], g[1]);
  if (!dir) {
    // 「3月」「24年」「5日」 are dates, read elsewhere; 「3天」「两周」 are lengths.
    if ((unit === '月' && !counted) || unit === '年' || unit === '日') return null;
    return REJECT;
  }
  if (unit === '月' && !counted) return null;
  if (dir === 'narrative') return REJECT;
  if (dir === 'within') return { problem: 'window' };
  if (dir === 'vague') return { problem: 'vague' };
  const amount = amountOf(g[2]!, g[4] !== undefined);
  if (amount === null) return { problem: 'vague' };
  const sign = dir === 'before' ? -1 : 1;
  if (unit === '天' || unit === '日') {
    if (Number.isInteger(amount)) return { day: { kind: 'relative', days: clampDays(sign * amount) } };
    return { seconds: clampSeconds(sign * Math.round(amount * 86_400)) };
  }
  if (unit === '周' || unit === '星期') {
    return { day: { kind: 'relative', days: clampDays(sign * Math.round(amount * 7)) } };
  }
  const months = unit === '年' ? amount * 12 : amount;
  if (months === 0.5) return { day: { kind: 'relative', days: sign * 15 } };
  if (!Number.isInteger(months)) return { problem: 'vague' };
  return { day: { kind: 'months_later', months: clampMonths(sign * months) } };
}

/** An offset from now at the cursor, a problem, REJECT for a bare duration, or null. */
export function readOffset(c: Cursor): OffsetRead | Reject | null {
  if (c.eat(NTH_DAY)) return { problem: 'vague' };
  if (c.eat(SPAN)) return { problem: 'window' };
  return c.try(() => readClockOffset(c)) ?? c.try(() => readDayOffset(c));
}
