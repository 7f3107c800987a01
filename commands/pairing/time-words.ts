import {
  ALL_DAYS,
  ALL_PARTS,
  ALL_TIME,
  dayRange,
  DAYS_PER_WEEK,
  partsOn,
  spread,
  WEEKDAYS,
  WEEKEND,
} from '../../src/services/pairing/schedule.js';

// The words people use for free and needed times, read into and written from the 21-bit masks of
// src/services/pairing/schedule.ts.

export const PARTS = ['上午', '下午', '晚上'] as const;
const DAY_NAMES = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

const DAY_DIGIT: ReadonlyMap<string, number> = new Map([
  ['一', 0],
  ['二', 1],
  ['三', 2],
  ['四', 3],
  ['五', 4],
  ['六', 5],
  ['日', 6],
  ['天', 6],
  ['1', 0],
  ['2', 1],
  ['3', 2],
  ['4', 3],
  ['5', 4],
  ['6', 5],
  ['7', 6],
]);
const WEEK = '(?:周|星期|礼拜)';
const D = '([一二三四五六日天1-7])';
const day = (g: RegExpExecArray, i: number) => DAY_DIGIT.get(g[i]!)!;

/** Each token: a regex (sticky) and what it sets. */
const TOKENS: { re: RegExp; days?: (g: RegExpExecArray) => number; parts?: number }[] = [
  {
    re: new RegExp(`${WEEK}${D}\\s*(?:至|到|-|~|～)\\s*${WEEK}?${D}`, 'y'),
    days: (g) => dayRange(day(g, 1), day(g, 2)),
  },
  { re: /周末|双休日?|节假日|假日/y, days: () => WEEKEND },
  { re: new RegExp(`${WEEK}${D}`, 'y'), days: (g) => 1 << day(g, 1) },
  { re: /工作日|平日|平时|周中/y, days: () => WEEKDAYS },
  { re: /随时|不限|任何时间|都行|均可|都可以/y, days: () => ALL_DAYS, parts: ALL_PARTS },
  { re: /每天|天天|每日/y, days: () => ALL_DAYS },
  { re: /全天|整天|白天和晚上/y, parts: ALL_PARTS },
  { re: /白天/y, parts: 0b011 },
  { re: /上午|早上|早晨|清晨/y, parts: 0b001 },
  { re: /中午|下午|午后/y, parts: 0b010 },
  { re: /晚上|晚间|傍晚|夜间|夜里|晚/y, parts: 0b100 },
];
/** Words that may sit between time words ("周末有空", "周六和周日"). */
const FILLER = /[\s,，、;；/和及或与还有也每的都均可以有空闲时间段]/y;
/** Fillers that end a group of days ("周末 工作日晚上" is two groups; "周六和周日上午" one). */
const SEPARATOR = /[\s,，;；/]/;

/**
 * Reads free time such as "周末", "工作日晚上", "周六上午、周日下午", "周一至周五晚上", "随时".
 * Strict: every character must be a time word or filler, else null (so "阳光小区" is not a time).
 * Not strict (the default): picks the time words out of a sentence; 0 when there are none.
 */
export function parseTimeMask(text: string, opts: { strict?: boolean } = {}): number | null {
  const s = text.normalize('NFKC');
  let mask = 0;
  let days = 0;
  let parts = 0;
  let seen = false;
  let separated = false;
  const flush = () => {
    if (days || parts) mask |= spread(days || ALL_DAYS, parts || ALL_PARTS);
    days = 0;
    parts = 0;
  };
  for (let i = 0; i < s.length;) {
    const tok = TOKENS.find((t) => ((t.re.lastIndex = i), t.re.test(s)));
    if (tok) {
      tok.re.lastIndex = i;
      const g = tok.re.exec(s)!;
      const d = tok.days?.(g) ?? 0;
      // A day word after a part word starts a new group ("周六上午、工作日晚上"), and so does a day
      // word after days and a separator ("周末 工作日晚上").
      if (d && (parts || (days && separated))) flush();
      separated = false;
      days |= d;
      parts |= tok.parts ?? 0;
      seen = true;
      i += g[0].length;
      continue;
    }
    FILLER.lastIndex = i;
    if (SEPARATOR.test(s[i]!)) separated = true;
    if (FILLER.test(s) || !opts.strict) i++;
    else return null;
  }
  flush();
  if (opts.strict && !seen) return null;
  return mask;
}

function daysText(days: number): string {
  if (days === ALL_DAYS) return '每天';
  if (days === WEEKDAYS) return '工作日';
  if (days === WEEKEND) return '周末';
  const rest = days & ~WEEKEND;
  if ((days & WEEKEND) === WEEKEND && rest) return `${daysText(rest)}、周末`;
  return DAY_NAMES.filter((_, d) => days & (1 << d)).join('、');
}

function partsText(parts: number): string {
  if (parts === ALL_PARTS) return '全天';
  return PARTS.filter((_, p) => parts & (1 << p)).join('、');
}

/** "周末全天、工作日晚上"; "不限" for 0 or every slot. */
export function formatTimeMask(mask: number): string {
  if (mask === 0 || mask === ALL_TIME) return '不限';
  const groups = new Map<number, number>(); // parts → days
  for (let d = 0; d < DAYS_PER_WEEK; d++) {
    const parts = partsOn(mask, d);
    if (parts) groups.set(parts, (groups.get(parts) ?? 0) | (1 << d));
  }
  return [...groups].map(([parts, days]) => `${daysText(days)}${partsText(parts)}`).join('，');
}
