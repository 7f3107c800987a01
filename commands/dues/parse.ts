// Reading the words of 党费 commands: months ("12月", "10-12月", "2026年11月", "本季度"), amounts
// ("62", "62.5元") and the category of a base. A month without a year is the one at most 10 months
// back or 1 month ahead of this month, so 补交 of past months and paying next month both read right
// ("1月" in December is next January, "5月" is last May).
import { z } from 'zod';
import { KIND_WORDS, moneyCents } from '../../src/services/dues/import.js';
import { addMonths, isMonth, monthFrom, monthNumber, monthsBetween, yearOf } from '../../src/services/dues/months.js';
import type { Month } from '../../src/services/dues/months.js';
import type { DuesKind } from '../../src/services/dues/tiers.js';

/** One end of a span as typed: a month with or without its year, or a word relative to now. */
type End = { year: number | null; month: number } | { relative: number };

/** A span of months as typed, resolved against this month by `resolveMonths`. */
export type MonthSpec = { from: End; to: End } | { quarter: 'this' | 'last' } | { year: number; quarter: number };

const RELATIVE: ReadonlyMap<string, number> = new Map([
  ['本月', 0],
  ['当月', 0],
  ['这个月', 0],
  ['上月', -1],
  ['上个月', -1],
  ['下月', 1],
  ['下个月', 1],
]);

const YM = /^(?:(\d{4})\s*(?:年|-|\/|\.)\s*)?(\d{1,2})$/;

function end(text: string, needsMonthWord: boolean): End | null {
  const rel = RELATIVE.get(text);
  if (rel !== undefined) return { relative: rel };
  const hasWord = text.endsWith('月');
  const g = YM.exec(hasWord ? text.slice(0, -1) : text);
  if (!g) return null;
  const month = Number(g[2]);
  if (month < 1 || month > 12) return null;
  // A bare number is an amount, not a month: a single month needs 月 or a year ("12月", "2026-12").
  if (needsMonthWord && !hasWord && !g[1]) return null;
  return { year: g[1] ? Number(g[1]) : null, month };
}

/** "12月", "2026-12", "本月", "10-12月", "2026年10月-2027年1月", "本季度", "2026Q4" → a span, or null. */
export function parseMonthSpec(raw: string): MonthSpec | null {
  const text = raw.normalize('NFKC').replace(/\s+/g, '');
  if (text === '本季度' || text === '这个季度') return { quarter: 'this' };
  if (text === '上季度') return { quarter: 'last' };
  const q = /^(\d{4})(?:年)?(?:[Qq]|第)([1-4])(?:季度)?$/.exec(text);
  if (q) return { year: Number(q[1]), quarter: Number(q[2]) };
  // A single month first: "2026-11" is a month, not a span from 2026 to November.
  const one = end(text, true);
  if (one) return { from: one, to: one };
  const parts = text.split(/至|到|~|—|–|-(?=\d{1,2}月?$)|-(?=\d{4}年)/);
  if (parts.length !== 2) return null;
  const to = end(parts[1]!, true);
  // "10-12月": the 月 of the end covers the start; "2026年10-12月": so does its year.
  const from = end(parts[0]!, false);
  if (!from || !to) return null;
  if ('year' in from && 'year' in to && from.year !== null && to.year === null)
    return { from, to: { ...to, year: from.year } };
  return { from, to };
}

/** The month a bare month number means now: 10 months back at most, 1 month ahead at most. */
function nearest(month: number, now: Month): Month {
  for (const y of [yearOf(now) + 1, yearOf(now), yearOf(now) - 1]) {
    const m = monthFrom(y, month);
    const d = monthsBetween(now, m);
    if (d <= 1 && d >= -10) return m;
  }
  return monthFrom(yearOf(now), month);
}

/** The months a span names, oldest first (empty when it runs backwards). */
export function resolveMonths(spec: MonthSpec, now: Month): Month[] {
  if ('quarter' in spec && !('year' in spec)) {
    const base = spec.quarter === 'this' ? now : addMonths(now, -3);
    const first = monthFrom(yearOf(base), Math.floor((monthNumber(base) - 1) / 3) * 3 + 1);
    return [first, addMonths(first, 1), addMonths(first, 2)];
  }
  if ('year' in spec) {
    const first = monthFrom(spec.year, (spec.quarter - 1) * 3 + 1);
    return [first, addMonths(first, 1), addMonths(first, 2)];
  }
  const at = (e: End, before?: Month): Month => {
    if ('relative' in e) return addMonths(now, e.relative);
    if (e.year !== null) return monthFrom(e.year, e.month);
    if (before === undefined) return nearest(e.month, now);
    // The start of a span: the latest such month not after its end ("11月-1月" starts last November).
    const same = monthFrom(yearOf(before), e.month);
    return same <= before ? same : monthFrom(yearOf(before) - 1, e.month);
  };
  const to = at(spec.to);
  const from = at(spec.from, to);
  const out: Month[] = [];
  for (let m = from; m <= to && out.length <= 120; m = addMonths(m, 1)) out.push(m);
  return out.filter(isMonth);
}

/** A month from a month or a date ("12月", "12月15日", "2026-12-15", "从2026年12月", "12月起"). */
export function parseStartMonth(raw: string): End | null {
  const text = raw
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^从/, '')
    .replace(/(起|开始)$/, '');
  const rel = RELATIVE.get(text);
  if (rel !== undefined) return { relative: rel };
  const g = /^(?:(\d{4})(?:年|-|\/|\.))?(\d{1,2})(?:月|-|\/|\.)?(?:(\d{1,2})日?)?$/.exec(text);
  if (!g) return null;
  const month = Number(g[2]);
  const day = g[3] ? Number(g[3]) : 1;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (!g[1] && !/月/.test(text)) return null;
  return { year: g[1] ? Number(g[1]) : null, month };
}

/** The month a start means now (a month without a year: the nearest one, as for payments). */
export function resolveStart(e: End, now: Month): Month {
  return resolveMonths({ from: e, to: e }, now)[0] ?? now;
}

/** Money as typed, in fen: "62", "62.5", "0.2元". */
export const moneySchema = z
  .string()
  .transform((s, ctx) => {
    const c = moneyCents(s);
    if (c === null) {
      ctx.addIssue({ code: 'custom', message: '应为金额（元，最多两位小数）' });
      return z.NEVER;
    }
    return c;
  })
  .pipe(z.number());

export const monthSpecSchema = z.string().transform((s, ctx) => {
  const spec = parseMonthSpec(s);
  if (!spec) {
    ctx.addIssue({ code: 'custom', message: '应为月份，如 12月、10-12月、2026年11月、本季度' });
    return z.NEVER;
  }
  return spec;
});

export const startSchema = z.string().transform((s, ctx) => {
  const e = parseStartMonth(s);
  if (!e) {
    ctx.addIssue({ code: 'custom', message: '应为起始月份或日期，如 从12月、从2026年12月15日' });
    return z.NEVER;
  }
  return e;
});

export const kindSchema = z.string().transform((s, ctx) => {
  const kind = KIND_WORDS.get(s);
  if (!kind) {
    ctx.addIssue({ code: 'custom', message: `应为 ${[...KIND_WORDS.keys()].join('、')} 之一` });
    return z.NEVER;
  }
  return { kind, word: s } as { kind: DuesKind; word: string };
});

/** "代交" or "代交:李四" (who paid on the member's behalf). */
export const proxySchema = z.string().transform((s, ctx) => {
  const g = /^代交(?:[:：](.{1,20}))?$/.exec(s.normalize('NFKC'));
  if (!g) {
    ctx.addIssue({ code: 'custom', message: '应为 代交 或 代交:代交人' });
    return z.NEVER;
  }
  return { name: g[1] ?? null };
});
