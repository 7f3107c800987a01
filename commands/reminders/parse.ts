import { CommandError } from '../../src/command/errors.js';
import { readTime } from '../../src/command/time/read.js';
import { parseQuietSetting, type QuietHours } from '../../src/contracts/config/scheduler.js';
import { zonedParts } from '../../src/contracts/time.js';
import type { SettingsChange } from '../../src/services/reminders/unit-settings.js';
import { settingsTexts } from './texts.js';

// Reading 提醒设置 as people type it (1天,2小时,10分钟 ／ 免打扰 22:00-07:00 ／ 恢复默认 ／ 组织:名称).
// The service works on minutes; the words for them are read here.

const ZH_DIGIT: ReadonlyMap<string, number> = new Map([
  ['零', 0],
  ['一', 1],
  ['二', 2],
  ['两', 2],
  ['三', 3],
  ['四', 4],
  ['五', 5],
  ['六', 6],
  ['七', 7],
  ['八', 8],
  ['九', 9],
]);

/** '3', '1.5', '三', '十五', '二十' → number; null otherwise. */
function amount(s: string): number | null {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s.length === 1 && ZH_DIGIT.has(s)) return ZH_DIGIT.get(s)!;
  const m = /^([一二两三四五六七八九]?)十([一二三四五六七八九]?)$/.exec(s);
  return m ? (m[1] ? ZH_DIGIT.get(m[1])! : 1) * 10 + (m[2] ? ZH_DIGIT.get(m[2])! : 0) : null;
}

const UNIT_MIN: ReadonlyMap<string, number> = new Map([
  ['天', 1440],
  ['日', 1440],
  ['d', 1440],
  ['小时', 60],
  ['个小时', 60],
  ['钟头', 60],
  ['个钟头', 60],
  ['h', 60],
  ['分钟', 1],
  ['分', 1],
  ['m', 1],
  ['min', 1],
]);

/**
 * One offset: '1天', '2小时', '10分钟', '半小时', '1.5小时', '两个小时', '一个半小时', '30m', and with
 * 提前/前 around it ('提前一天', '前一天', '2小时前') → minutes; null otherwise.
 */
export function parseOffset(word: string): number | null {
  const w = word
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/^(?:提前|前)/, '');
  if (w === '半小时' || w === '半个小时' || w === '半个钟头') return 30;
  const half = /^(\d+|[一二两三四五六七八九十]{1,3})个半(?:小时|钟头)(?:前)?$/.exec(w);
  if (half) {
    const n = amount(half[1]!);
    return n === null ? null : n * 60 + 30;
  }
  const g =
    /^(\d+(?:\.\d+)?|[零一二两三四五六七八九十]{1,3})\s*(天|日|个小时|小时|个钟头|钟头|分钟|分|min|d|h|m)(?:前)?$/.exec(
      w,
    );
  if (!g) return null;
  const n = amount(g[1]!);
  if (n === null) return null;
  const min = Math.round(n * UNIT_MIN.get(g[2]!)!);
  return min >= 1 ? min : null;
}

/** What joins offsets: commas, 、, spaces and 和/及/与/跟 (「提前一天和半小时」). */
const OFFSET_JOINS = /[,，、;；\s和及与跟]+/;

/**
 * A list of offsets: '1天,2小时,10分钟' (commas, 、 or spaces), 「提前一天和半小时」. Returns them
 * largest first without repeats, or the word that could not be read.
 */
export function parseOffsets(text: string): { ok: true; offsetsMin: number[] } | { ok: false; bad: string } {
  const words = text
    .normalize('NFKC')
    .split(OFFSET_JOINS)
    // 「提醒设置 提前 1天」: a lone 提前 says nothing more.
    .filter((w) => w && w !== '提前');
  const out = new Set<number>();
  for (const w of words) {
    const min = parseOffset(w);
    if (min === null) return { ok: false, bad: w };
    out.add(min);
  }
  return { ok: true, offsetsMin: [...out].sort((a, b) => b - a) };
}

const UNIT_OPTION = /^(?:组织|单位)[:：](.+)$/;
const RESET_WORDS = new Set(['默认', '恢复默认', 'default', 'reset']);
const QUIET_WORD = '免打扰';

/** The name in 组织:名称 among the words (the first one), and the remaining words. */
export function unitOption(words: readonly string[]): { unitName: string | null; rest: string[] } {
  const opt = words.map((w) => UNIT_OPTION.exec(w)).find(Boolean);
  return { unitName: opt ? opt[1]!.trim() : null, rest: words.filter((w) => !UNIT_OPTION.test(w)) };
}

/** Where and when the words are read: 「晚上10点」 is a wall time in the unit's zone. */
export interface ReadingContext {
  now: Date;
  timeZone: string;
}

/**
 * Quiet hours as written: 「22:00-07:00」「22点到7点」, or in words through the time reader
 * (src/command/time): 「晚上10点到早上7点」「晚10点至早7点」「夜里11点半到早上6点」. Only the
 * clock times count; a range that says more than two times of day is not read.
 */
export function parseQuiet(spec: string, at: ReadingContext): QuietHours | 'off' | null {
  const plain = parseQuietSetting(spec);
  if (plain !== null) return plain;
  const r = readTime(spec, { now: at.now, timeZone: at.timeZone, purpose: 'meeting' });
  if (!r.ok || !r.end || r.rest.trim() !== '') return null;
  const wall = (d: Date) => {
    const p = zonedParts(d, at.timeZone);
    return p.hour * 60 + p.minute;
  };
  const startMin = wall(r.start);
  const endMin = wall(r.end);
  return startMin === endMin ? null : { startMin, endMin };
}

/**
 * Reads the words after 提醒设置 (without 组织:名称) into a change; a word that cannot be read is
 * refused naming it. How many offsets and how long is the service's rule (checkOffsets).
 */
export function parseChange(rest: readonly string[], at: ReadingContext): SettingsChange {
  if (rest.length === 1 && RESET_WORDS.has(rest[0]!.toLowerCase())) return { offsetsMin: null, quiet: null };
  if (rest[0]?.startsWith(QUIET_WORD)) {
    // 「免打扰 22:00-07:00」, or glued: 「免打扰晚上10点到早上7点」.
    const spec = [rest[0].slice(QUIET_WORD.length), ...rest.slice(1)].join('');
    if (!spec) throw new CommandError(settingsTexts.quietMissing);
    if (RESET_WORDS.has(spec.toLowerCase())) return { quiet: null };
    const q = parseQuiet(spec, at);
    if (!q) throw new CommandError(settingsTexts.quietUnreadable(spec));
    return { quiet: q };
  }
  const parsed = parseOffsets(rest.join(' '));
  if (!parsed.ok) throw new CommandError(settingsTexts.offsetUnreadable(parsed.bad), settingsTexts.usageAndExamples);
  return { offsetsMin: parsed.offsetsMin };
}
