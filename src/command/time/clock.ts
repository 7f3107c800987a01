/**
 * Readers for the time of day: a part of day (上午, 傍晚, 夜里…), an hour with minutes in every
 * way people write them (15:00, 3点, 三点一刻, 20时1刻, 8点正, 6点30pm), and the guards that keep
 * decimals and phrases (「零点五」, 「升高10点五度」, 「一点都不好」) from being read as hours.
 */
import { NUM, zhNum } from './numbers.js';
import { Cursor, REJECT, sticky, type ClockSpec, type Reject } from './spec.js';
import type { PartOfDay } from './types.js';

const PART_WORDS: Record<string, PartOfDay> = {
  凌晨: 'dawn',
  清晨: 'early_morning',
  早晨: 'early_morning',
  早上: 'early_morning',
  早间: 'early_morning',
  一早: 'early_morning',
  大早: 'early_morning',
  上午: 'morning',
  中午: 'noon',
  午间: 'noon',
  正午: 'noon',
  下午: 'afternoon',
  午后: 'afternoon',
  傍晚: 'dusk',
  黄昏: 'dusk',
  晚上: 'evening',
  晚间: 'evening',
  夜晚: 'evening',
  夜里: 'night',
  夜间: 'night',
  半夜: 'night',
  深夜: 'night',
  白天: 'day',
};
const LOOSE_PARTS: Record<string, PartOfDay> = { 早: 'early_morning', 晚: 'evening', 夜: 'night' };
const PART_LIST = Object.keys(PART_WORDS).join('|');
const HOUR_AHEAD = `\\s*(?:${NUM}|\\d{1,2})\\s*[点时:]`;

/** 「下午好」 greets; it names no time. */
const PART = sticky(`(${PART_LIST})(?!好)`);
const GREETING = sticky(`(?:${PART_LIST})好`);
/** 早/晚/夜 alone: next to a date (七月五号晚) or before an hour (晚7点), but not 晚饭, 早点 (sooner). */
const LOOSE_PART = sticky('(早|晚|夜)(?![饭餐点些])');
const LOOSE_BEFORE_HOUR = sticky(`(早|晚|夜)(?=${HOUR_AHEAD})`);
const MIDNIGHT = sticky('午夜|半夜12点|半夜十二点');
/** 「大约」 before a part of day or an hour. */
export const ABOUT = sticky('(?:大约|大概|约)');
const COLON = sticky('(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?!\\d)');
/** A zone offset after an ISO time; not 「17:55:23-18:33:02」, which is a range. */
const ZONE = sticky('(Z|[+-](?:0\\d|1[0-4]):?\\d{2})(?![\\d:])');
const DIAN = sticky(`(${NUM})\\s*(点钟|点|时)`);
/** An hour without 点 that a range ending in one completes: 早上五到六点, 9~12点半. */
const RANGE_HOUR = sticky(`(${NUM})(?=\\s*(?:到|至|[-~〜–—])\\s*(?:${PART_LIST})?\\s*${NUM}\\s*[点时:])`);
// No space before minutes: in 「下午3点 5号楼」 the 5 is a building, not a minute.
const HALF = sticky('半');
const QUARTER = sticky('([一三13])刻(?!钟)');
const SHARP = sticky('[整正]');
const MINUTE = sticky(`过?(${NUM})\\s*(分钟|分)?`);
const SECOND = sticky(`\\s*(${NUM})\\s*秒钟?`);
/** An hour written with only am/pm after it: 3pm, 10 a.m. */
const HOUR_MERIDIEM = sticky('(\\d{1,2})(?=\\s*[ap]\\.?m\\.?(?![a-z]))', 'i');
const MERIDIEM = sticky('\\s*(a\\.?m\\.?|p\\.?m\\.?)(?![a-z])', 'i');
const APPROX = sticky('(左右|前后|许|多钟|多)');
const CLOCK_WORD = sticky('钟');
/** What follows a decimal, not a minute: 升高10点五度, 24点5元. */
const UNIT_AFTER = /^[度米元倍%万千百亿克斤个岁]/;
/** What follows 一点 meaning "a little": 一点都不好, 一点儿, 一点点. */
const LITTLE_AFTER = /^[都也儿些点]/;
/** Before 一点 meaning "a little": 有一点, 快一点, 大一点, 这一点, 最后一点. */
const LITTLE_BEFORE = /[有差快慢好这那多少早晚大小高低长短近远轻重强弱后]/;
/**
 * What follows N点 counting points of a speech or a list (提三点意见, 两点要求, 三点水, 八点档),
 * when no day or part of day makes it an hour.
 */
const POINTS_AFTER =
  /^(?:意见|要求|建议|体会|看法|想法|做法|经验|措施|原则|理由|内容|意义|收获|启示|希望|不足|问题|事项|注意事项|认识|好处|感受|感想|共识|承诺|水|一线|式|档)/;
/** Before N点 counting points: 第一点, 以下三点, 如下两点. */
const POINTS_BEFORE = /(?:第|以下|如下|以上|上述|下列|下面|上面)$/;

/** A part of day at the cursor; one-character parts only when `loose` (after a date). */
export function readPart(c: Cursor, loose: boolean): ClockSpec | Reject | null {
  if (c.eat(GREETING)) return REJECT;
  const m = c.eat(MIDNIGHT);
  if (m) return { minute: 0, second: 0, midnight: true };
  const p = c.eat(PART);
  if (p) return { part: PART_WORDS[p[1]!]!, minute: 0, second: 0 };
  const l = c.eat(loose ? LOOSE_PART : LOOSE_BEFORE_HOUR);
  return l ? { part: LOOSE_PARTS[l[1]!]!, loosePart: true, minute: 0, second: 0 } : null;
}

/** True for a minute written as one numeral without 分 (十点五): that is a decimal, not 10:05. */
function isDecimalMinute(text: string, withUnit: boolean): boolean {
  return !withUnit && /^(?:[1-9]|[一二两三四五六七八九])$/.test(text);
}

/** Minutes after 点/时, or null when none; REJECT when they make the whole a decimal. */
function readMinutes(c: Cursor): { minute: number; second: number } | Reject | null {
  if (c.eat(HALF)) return { minute: 30, second: 0 };
  const q = c.eat(QUARTER);
  if (q) return { minute: /[一1]/.test(q[1]!) ? 15 : 45, second: 0 };
  if (c.eat(SHARP)) return { minute: 0, second: 0 };
  const m = c.try(() => c.eat(MINUTE));
  if (!m) return null;
  if (isDecimalMinute(m[1]!, m[2] !== undefined) || UNIT_AFTER.test(c.s.slice(c.pos, c.pos + 1))) return REJECT;
  const minute = zhNum(m[1]!);
  if (minute === null) return REJECT;
  const s = c.try(() => c.eat(SECOND));
  return { minute, second: s ? (zhNum(s[1]!) ?? 0) : 0 };
}

function readDian(c: Cursor, afterPart: ClockSpec | null, bare: boolean): ClockSpec | Reject | null {
  const start = c.pos;
  const g = c.eat(DIAN);
  if (!g) {
    const r = c.eat(RANGE_HOUR);
    const hour = r ? zhNum(r[1]!) : null;
    return hour === null ? null : { hour, minute: 0, second: 0 };
  }
  const hour = zhNum(g[1]!);
  if (hour === null) return REJECT;
  const minutes = g[2] === '点钟' ? null : readMinutes(c);
  if (minutes === REJECT) return REJECT;
  const rest = c.s.slice(c.pos, c.pos + 1);
  if (!minutes && (UNIT_AFTER.test(rest) || (hour === 1 && LITTLE_AFTER.test(rest)))) return REJECT;
  // 「有一点」「快一点」「晚一点」 mean "a little"; so does a loose 早/晚 before 一点.
  const before = c.s.slice(Math.max(0, start - 1), start);
  if (!minutes && g[1] === '一' && (LITTLE_BEFORE.test(before) || afterPart?.loosePart)) return REJECT;
  if (
    bare &&
    (POINTS_BEFORE.test(c.s.slice(Math.max(0, start - 2), start)) ||
      (!minutes && POINTS_AFTER.test(c.s.slice(c.pos, c.pos + 4))))
  ) {
    return REJECT;
  }
  return { hour, minute: minutes?.minute ?? 0, second: minutes?.second ?? 0 };
}

/**
 * An hour and minutes at the cursor (given the part of day already read, if any); REJECT when the
 * words are a number rather than a time, null when there is no hour here. `bare`: no day and no
 * part of day came before, so 「三点意见」 counts points rather than naming 15:00.
 */
export function readHour(c: Cursor, part: ClockSpec | null, bare = false): ClockSpec | Reject | null {
  let clock: ClockSpec | Reject | null;
  const colon = c.eat(COLON);
  if (colon) {
    clock = { hour: Number(colon[1]), minute: Number(colon[2]), second: Number(colon[3] ?? 0) };
    if (/^0\d/.test(colon[1]!)) clock.padded = true;
    const zone = colon[3] !== undefined ? c.try(() => c.eat(ZONE)) : null;
    if (zone) clock.zoneOffset = zoneMinutes(zone[1]!);
  } else {
    const pm = c.eat(HOUR_MERIDIEM);
    clock = pm ? { hour: Number(pm[1]), minute: 0, second: 0 } : readDian(c, part, bare);
  }
  if (clock === null || clock === REJECT) return clock;
  c.try(() => c.eat(CLOCK_WORD));
  const mer = c.try(() => c.eat(MERIDIEM));
  if (mer) clock.meridiem = /^a/i.test(mer[1]!) ? 'am' : 'pm';
  if (c.try(() => c.eat(APPROX))) clock.approx = true;
  return clock;
}

function zoneMinutes(z: string): number {
  if (z === 'Z') return 0;
  const digits = z.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return z.startsWith('-') ? -minutes : minutes;
}
