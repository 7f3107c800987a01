import { zonedParts } from '../../src/contracts/time.js';

// A quarter as people name it, for the exports kept by quarter (导出, 服务导出):
// 本季度, 上季度, 2026Q4, 2026年第四季度, 第四季度, 四季度, Q4, 去年第四季度, and a month (2026年10月,
// 10月, 本月) standing for the quarter it falls in.

export interface NamedQuarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** The month the words named, when they named a month rather than a quarter. */
  month?: number;
}

const THIS = new Set(['本季度', '本季', '这季度', '这个季度', '当季', '当季度', '季度', '本季度内']);
const LAST = new Set(['上季度', '上季', '上个季度', '上一季度', '上一个季度']);
const THIS_MONTH = new Set(['本月', '这个月', '这月', '当月', '本月份']);
const LAST_MONTH = new Set(['上月', '上个月', '上一个月', '上月份']);
const NUMERAL: ReadonlyMap<string, number> = new Map([
  ['一', 1],
  ['二', 2],
  ['三', 3],
  ['四', 4],
  ['五', 5],
  ['六', 6],
  ['七', 7],
  ['八', 8],
  ['九', 9],
  ['十', 10],
  ['十一', 11],
  ['十二', 12],
]);
const num = (s: string): number => (/^\d+$/.test(s) ? Number(s) : (NUMERAL.get(s) ?? 0));
const quarterOfMonth = (m: number) => (Math.floor((m - 1) / 3) + 1) as 1 | 2 | 3 | 4;

const YEAR = String.raw`(\d{4}年?|今年|去年|本年|上年)?`;
const QUARTER_WORDS = new RegExp(String.raw`^${YEAR}(?:第?([1-4一二三四])季度?|-?[Qq]([1-4]))$`);
const MONTH_WORDS = new RegExp(String.raw`^${YEAR}(?:-?)(\d{1,2}|十[一二]|[一二三四五六七八九十])月?份?$`);

/**
 * The quarter the words name, or null. Without a year, a quarter or month number means the latest
 * one that has begun (in February, 第四季度 and 12月 are last year's).
 */
export function readQuarter(text: string, now: Date, tz: string): NamedQuarter | null {
  const s = text.normalize('NFKC').replace(/\s+/g, '');
  const p = zonedParts(now, tz);
  const current = quarterOfMonth(p.month);
  if (THIS.has(s)) return { year: p.year, quarter: current };
  if (LAST.has(s))
    return current === 1 ? { year: p.year - 1, quarter: 4 } : { year: p.year, quarter: (current - 1) as 1 | 2 | 3 };
  const month = (y: number, m: number): NamedQuarter => ({ year: y, quarter: quarterOfMonth(m), month: m });
  if (THIS_MONTH.has(s)) return month(p.year, p.month);
  if (LAST_MONTH.has(s)) return p.month === 1 ? month(p.year - 1, 12) : month(p.year, p.month - 1);
  const yearOf = (word: string | undefined): number | null => {
    if (!word) return null;
    if (word === '今年' || word === '本年') return p.year;
    if (word === '去年' || word === '上年') return p.year - 1;
    return Number(word.replace('年', ''));
  };
  const q = QUARTER_WORDS.exec(s);
  if (q) {
    const n = num(q[2] ?? q[3]!) as 1 | 2 | 3 | 4;
    const y = yearOf(q[1]);
    return { year: y ?? (n > current ? p.year - 1 : p.year), quarter: n };
  }
  // A month needs 月 or a year before it: a bare number is a meeting's.
  const m = MONTH_WORDS.exec(s);
  if (m && (s.includes('月') || /^\d{4}-/.test(s))) {
    const n = num(m[2]!);
    if (n < 1 || n > 12) return null;
    const y = yearOf(m[1]);
    return month(y ?? (n > p.month ? p.year - 1 : p.year), n);
  }
  return null;
}
