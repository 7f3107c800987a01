/**
 * Readers for the day part of a time: ISO and numeric dates, 年/月/日 dates with relative months
 * and years, a day of the month alone, fixed-date holidays, 今天/明天 words and weekdays.
 * Each reads at the cursor and leaves it untouched when it finds nothing.
 */
import { NUM, zhNum, zhYear } from './numbers.js';
import { Cursor, sticky, type DaySpec, type Problem } from './spec.js';
import type { PartOfDay } from './types.js';

export type DayRead =
  { day: DaySpec; part?: PartOfDay; weekdayCheck?: number; sameDay?: DaySpec } | { problem: Problem };

const ISO = sticky('(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?:(?!\\d)|(?=\\d{1,2}:\\d))T?');
const SPACED = sticky('(\\d{4}) (\\d{1,2}) (\\d{1,2})(?![\\d:])');
const COMPACT = sticky('((?:19|20)\\d{2})(\\d{2})(\\d{2})(?!\\d)');
/** 12/1, 12-1 anywhere; 12.1 only before a time or a bracketed weekday, since '1.5小时' is a number. */
const MONTH_DAY = sticky(
  '(\\d{1,2})(?:[/-](\\d{1,2})(?![\\d/.:-])|\\.(\\d{1,2})' +
    '(?=\\s*(?:\\d{1,2}\\s*[:点时]|[上下中早晚傍凌]|\\((?:[本这下]个?)?(?:周|星期))))',
);
const YEAR = sticky(
  '(?:(\\d{4}|\\d{2}|[零〇一二三四五六七八九]{4}|[零〇一二三四五六七八九]{2})|(今|明|去|前|后|大前|大后|次|同))年(?:的)?[\\s,，]*',
);
const REL_YEAR: Record<string, number> = { 今: 0, 同: 0, 明: 1, 次: 1, 后: 2, 大后: 3, 去: -1, 前: -2, 大前: -3 };
const MONTH = sticky(`(?:(${NUM}|元)月份?|(本|这个?|当|同|今)月|(下下|上上|下|上)个?月)(?:的)? ?`);
/** 初一 … 初十 after a month are lunar days. */
const LUNAR_DAY = sticky('初[一二三四五六七八九十]');
/** What makes 号 a number rather than a day: 1号楼, 2号会议室, 36号文. */
const NOT_A_DAY = '[楼栋室院门线厅层馆文房车机码位子]|会议室|会场|会客|教室';
/** A day after a month; without 日/号 only when nothing that makes it a count or an hour follows. */
const DAY_AFTER_MONTH = sticky(`(${NUM})(?:[日号](?!${NOT_A_DAY})|(?![\\d点时:分秒个年月天周日号度岁倍元人次期届]))`);
const EDGE = sticky('月?(底|末|初)');
const MONTH_EDGE = sticky('月(底|末|初)');
const BARE_DAY = sticky(`(${NUM})([日号])(?!${NOT_A_DAY}|[内之以前后])`);
/** What may follow a numeral + 日 for it to be a date (一日之计 is not one). */
const AFTER_NUMERAL_DAY = /^(?:$|[\s,，(上下中早晚傍凌清午夜白0-9零〇一二两三四五六七八九十到至~-])/;
const REL_DAY = sticky('(大前|前|昨|今|明|后|大后)[天日]|(当天|当日|次日|翌日|隔天)');
const REL_DAY_VALUE: Record<string, number> = { 大前: -3, 前: -2, 昨: -1, 今: 0, 当: 0, 明: 1, 后: 2, 大后: 3 };
const REL_PART = sticky('(大前|前|昨|今|明|后|大后|当)(晚上?|早上?|晨|夜里?)');
const PART_OF_REL: Record<string, PartOfDay> = { 晚: 'evening', 早: 'early_morning', 晨: 'early_morning', 夜: 'night' };
/** 「下周 周三」「下周的周五」: the week named, then the day in it. */
const WEEKDAY = sticky(
  '(上上|上|这|本|今|下下下|下下|下)?个?(?:(?<=[上这本今下个])(?:周|星期)[\\s的,，]*(?=周|星期))?(?:周|星期)(?:([一二三四五六日天1-7])|(末))',
);
const WEEK_ONLY = sticky('(上上|上|这|本|下下|下)个?(?:周|星期)');
const WEEK_REL: Record<string, number> = { 上上: -2, 上: -1, 这: 0, 本: 0, 今: 0, 下: 1, 下下: 2, 下下下: 3 };
/** 「元旦前一天」「国庆节后两天」. */
const DAY_SHIFT = sticky(`(前|后)(${NUM})天`);
const OPEN = sticky('\\s*\\(\\s*');
const CLOSE = sticky('\\s*\\)');
const WEEKDAY_CHECK = sticky('[\\s,，]*\\(?(?:周|星期)([一二三四五六日天1-7])\\)?');

const FIXED_HOLIDAYS: Record<string, [number, number]> = {
  元旦: [1, 1],
  情人节: [2, 14],
  妇女节: [3, 8],
  三八: [3, 8],
  植树节: [3, 12],
  愚人节: [4, 1],
  劳动节: [5, 1],
  五一: [5, 1],
  青年节: [5, 4],
  五四: [5, 4],
  儿童节: [6, 1],
  六一: [6, 1],
  建党节: [7, 1],
  七一: [7, 1],
  建军节: [8, 1],
  八一: [8, 1],
  教师节: [9, 10],
  国庆节: [10, 1],
  国庆: [10, 1],
  万圣节: [10, 31],
  光棍节: [11, 11],
  双十一: [11, 11],
  平安夜: [12, 24],
  圣诞夜: [12, 24],
  圣诞前夜: [12, 24],
  国庆日: [10, 1],
  圣诞节: [12, 25],
  圣诞: [12, 25],
};
/** Holidays on the nth weekday of a month: [month, ISO weekday, n]. */
const NTH_HOLIDAYS: Record<string, [number, number, number]> = {
  母亲节: [5, 7, 2],
  父亲节: [6, 7, 3],
  感恩节: [11, 4, 4],
};
const HOLIDAY = sticky(
  `(?:国际|三八|五一|五四|六一|八一)?(${[...Object.keys(FIXED_HOLIDAYS), ...Object.keys(NTH_HOLIDAYS)]
    .sort((a, b) => b.length - a.length)
    .join('|')})节?(?![点时号日月年个:\\d])`,
);
/** Lunar dates and holidays: refused rather than guessed, since the reader has no lunar calendar. */
const LUNAR = sticky(
  '农历|阴历|春节|除夕|元宵|端午|中秋|七夕|重阳|腊八|大年(?:初|三十)|正月|腊月|初[一二三四五六七八九十]|' +
    // Solar terms move by a day from year to year; weather words (大雪, 白露…) are left out on purpose.
    '立春|惊蛰|春分|清明|谷雨|立夏|小满|芒种|夏至|小暑|大暑|立秋|处暑|秋分|寒露|霜降|立冬|冬至|小寒|大寒',
);

const weekdayNumber = (s: string): number => '一二三四五六'.indexOf(s) + 1 || (/[日天7]/.test(s) ? 7 : Number(s));

function readNumericDate(c: Cursor): DaySpec | null {
  const g = c.eat(ISO) ?? c.eat(SPACED) ?? c.eat(COMPACT);
  if (g) return { kind: 'calendar', year: Number(g[1]), month: Number(g[2]), day: Number(g[3]) };
  const md = c.eat(MONTH_DAY);
  if (!md) return null;
  const month = Number(md[1]);
  const day = Number(md[2] ?? md[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? { kind: 'calendar', month, day } : null;
}

/** 5月, 下个月, 本月 followed by a day, 底/初; a month alone names no day. */
function readMonth(c: Cursor, year: Pick<DaySpec & { kind: 'calendar' }, 'year' | 'yearRel'>): DayRead | null {
  const g = c.eat(MONTH);
  if (!g) return null;
  const spec: DaySpec & { kind: 'calendar' } = { kind: 'calendar', ...year };
  if (g[1] !== undefined) {
    // 元月 is January (正月, the lunar first month, is refused with the lunar words).
    const month = g[1] === '元' ? 1 : zhNum(g[1]);
    if (month === null || month < 1) return null;
    spec.month = month; // 13月 stays, to be refused as no such date
  } else
    spec.monthRel = g[2] !== undefined ? 0 : ({ 下: 1, 下下: 2, 上: -1, 上上: -2 } as Record<string, number>)[g[3]!];
  if (c.eat(LUNAR_DAY)) return { problem: 'lunar' };
  const d = c.eat(DAY_AFTER_MONTH);
  if (d) {
    const day = zhNum(d[1]!);
    if (day === null || day < 1) return null;
    return { day: { ...spec, day } }; // 12月32日 stays, to be refused as no such date
  }
  const edge = c.eat(EDGE);
  if (edge) return { day: { ...spec, edge: edge[1] === '初' ? 'start' : 'end' } };
  return { problem: 'no_day' };
}

function readHoliday(c: Cursor, year: { year?: number; yearRel?: number }): DayRead | null {
  const h = c.eat(HOLIDAY);
  if (!h) return null;
  const fixed = FIXED_HOLIDAYS[h[1]!];
  if (fixed) return { day: { kind: 'calendar', ...year, month: fixed[0], day: fixed[1] } };
  const [month, weekday, n] = NTH_HOLIDAYS[h[1]!]!;
  return { day: { kind: 'calendar', ...year, month, nth: { weekday, n } } };
}

function readCalendar(c: Cursor): DayRead | null {
  const numeric = readNumericDate(c);
  if (numeric) return { day: numeric };
  const y = c.try(() => c.eat(YEAR));
  const year: { year?: number; yearRel?: number } = {};
  if (y) {
    if (y[1] !== undefined) {
      const abs = zhYear(y[1]);
      if (abs === null) return null;
      year.year = abs;
    } else year.yearRel = REL_YEAR[y[2]!]!;
  }
  const month = c.try(() => readMonth(c, year)) ?? c.try(() => readHoliday(c, year));
  if (month) return month;
  if (y && c.eat(LUNAR)) return { problem: 'lunar' };
  if (y) return { problem: 'no_day' };
  const edge = c.eat(MONTH_EDGE);
  return edge ? { day: { kind: 'calendar', monthRel: 0, edge: edge[1] === '初' ? 'start' : 'end' } } : null;
}

function readBareDay(c: Cursor): DayRead | null {
  const g = c.eat(BARE_DAY);
  if (!g) return null;
  const day = zhNum(g[1]!);
  if (day === null || day < 1 || day > 31) return null;
  // 一日 / 三日 are also counts (一日之计, 三日游); a numeral + 日 is a date only before a time or an end.
  if (g[2] === '日' && !/^\d/.test(g[1]!) && !AFTER_NUMERAL_DAY.test(c.s.slice(c.pos, c.pos + 1))) return null;
  return { day: { kind: 'calendar', day } };
}

function readWords(c: Cursor): DayRead | null {
  const rp = c.eat(REL_PART);
  if (rp) {
    const day: DaySpec = { kind: 'relative', days: REL_DAY_VALUE[rp[1]!]!, word: rp[1] === '明' };
    return { day, part: PART_OF_REL[rp[2]![0]!]! };
  }
  const rd = c.eat(REL_DAY);
  if (rd) {
    if (rd[2] !== undefined) return { day: { kind: 'relative', days: /当/.test(rd[2]) ? 0 : 1 } };
    return { day: { kind: 'relative', days: REL_DAY_VALUE[rd[1]!]!, word: rd[1] === '明' } };
  }
  const w = c.eat(WEEKDAY);
  if (w) {
    const weeks = w[1] === undefined ? undefined : WEEK_REL[w[1]];
    if (w[3] !== undefined) return { day: { kind: 'weekday', weekday: 6, weeks: weeks ?? 0, weekend: true } };
    return { day: { kind: 'weekday', weekday: weekdayNumber(w[2]!), ...(weeks === undefined ? {} : { weeks }) } };
  }
  if (c.eat(WEEK_ONLY)) return { problem: 'no_day' };
  return null;
}

const readOneDay = (c: Cursor): DayRead | null =>
  c.try(() => readCalendar(c)) ?? c.try(() => readWords(c)) ?? c.try(() => readBareDay(c));

/**
 * The same day named twice, once in brackets: 「本周五（12月11日）」「12月11日（本周五）」「明天（12月10日）」.
 * The date is what is read; the other naming is kept to be checked against it (resolve.ts), so
 * that 「下周一（15号）」, where they disagree, is refused rather than one of them taken.
 */
function readBracketed(c: Cursor, r: DayRead & { day: DaySpec }): DayRead | null {
  if (!c.eat(OPEN)) return null;
  const inner = readOneDay(c);
  if (!inner || !('day' in inner) || !c.eat(CLOSE)) return null;
  const isDate = (d: DaySpec) => d.kind === 'calendar';
  const isWord = (d: DaySpec) => d.kind === 'weekday' || d.kind === 'relative';
  const [date, other] =
    isDate(r.day) && isWord(inner.day) ? [r, inner] : isWord(r.day) && isDate(inner.day) ? [inner, r] : [];
  if (!date || !other) return null;
  const o = other.day;
  // A bare weekday (「12月18日（周五）」) only says which day of the week it is.
  if (o.kind === 'weekday' && o.weeks === undefined && !o.weekend) return { day: date.day, weekdayCheck: o.weekday };
  return { day: date.day, sameDay: o };
}

/** The day part at the cursor (with a weekday written after a date), a problem with it, or null. */
export function readDay(c: Cursor): DayRead | null {
  if (c.try(() => c.eat(LUNAR))) return { problem: 'lunar' };
  const first = readOneDay(c);
  const r = first && 'day' in first ? (c.try(() => readBracketed(c, first)) ?? first) : first;
  if (!r || !('day' in r) || (r.day.kind !== 'calendar' && r.day.kind !== 'relative')) return r;
  if (r.sameDay || r.weekdayCheck !== undefined) return r;
  const shift = r.day.kind === 'calendar' ? c.try(() => c.eat(DAY_SHIFT)) : null;
  const days = shift ? zhNum(shift[2]!) : null;
  if (shift && days !== null && r.day.kind === 'calendar') r.day.shift = shift[1] === '前' ? -days : days;
  // A weekday written after a date or 明天 (「明天（周四）」) is checked against it.
  const check = c.try(() => c.eat(WEEKDAY_CHECK));
  return check ? { ...r, weekdayCheck: weekdayNumber(check[1]!) } : r;
}
