import { CommandError } from '../../src/command/errors.js';
import { normalizeText } from '../../src/command/parse.js';
import { MAX_SERVICE_HOURS } from '../../src/services/pairing/service-log.js';
import { personalDataIn } from '../../src/services/pairing/personal-data.js';
import { MAX_SKILL_CHARS, MAX_SKILLS, skillMask, type Urgency } from '../../src/services/pairing/skills.js';
import { checkArea, checkSkills, type VolunteerProfile } from '../../src/services/pairing/volunteers.js';
import { MAX_RATING, MIN_RATING } from '../../src/services/pairing/pairings.js';
import { parseTimeMask } from './time-words.js';
import { PARSE_TEXT } from './replies.js';

// Reading what people type for the pairing commands into the typed values the service takes.

/** Splits "护理,买菜、陪聊" into skills (at most MAX_SKILLS, each cut to MAX_SKILL_CHARS). */
export function splitSkills(text: string): string[] {
  const parts = text
    .split(/[,，、;；/|]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set(parts)].slice(0, MAX_SKILLS).map((s) => s.slice(0, MAX_SKILL_CHARS));
}

/** A 片区 as stored: normalised, without spaces; refused when it names a room (personal data). */
export function readArea(text: string): string {
  const area = normalizeText(text).replace(/\s+/g, '');
  checkArea(area);
  return area;
}

/** The words of a tail argument (src/command/args.ts joins them with single spaces). */
export function tailWords(text: string | undefined): string[] {
  return text ? text.split(' ').filter(Boolean) : [];
}

/**
 * Reads "护理,买菜 阳光小区 周末 上午": skills first, then any order of a 片区 and free-time words
 * (words that read as time are time; one other word is the area).
 */
export function parseProfile(skillsText: string, rest: readonly string[]): VolunteerProfile {
  const swapped = swappedArea(skillsText, rest);
  if (swapped) return parseProfile(swapped.skills, swapped.rest);
  const skills = splitSkills(skillsText);
  checkSkills(skills);
  const areaWords: string[] = [];
  const timeWords: string[] = [];
  for (const word of rest) {
    if (parseTimeMask(word, { strict: true }) === null) areaWords.push(word);
    else timeWords.push(word);
  }
  const freeMask = timeWords.length ? (parseTimeMask(timeWords.join(' '), { strict: true }) ?? 0) : 0;
  if (areaWords.length > 1) throw new CommandError(PARSE_TEXT.volunteerAreas(areaWords));
  return { skills, area: areaWords[0] ? readArea(areaWords[0]) : '', freeMask };
}

/** How the name of a 小区, 网格 or 楼栋 ends (阳光小区, 幸福里, 3号楼, 第二网格). */
const AREA_END =
  /(小区|社区|村|庄|屯|苑|园|院|府|城|湾|里|巷|弄|坊|邸|居|家园|公寓|大厦|广场|街道|街|路|网格|片区|号楼|楼|栋|幢|单元)$/;

/** True when a word reads as a 片区 and as no skill: "阳光小区", "3号楼" (but "物业维修" fits 助老). */
function looksLikeArea(word: string): boolean {
  return AREA_END.test(word) && skillMask(splitSkills(word)) === 0 && personalDataIn(word) === null;
}

/**
 * 「志愿者 阳光小区 护理」: the area written first. When the first word reads as an area and exactly one
 * of the others is neither time nor area, that one is the skills; null when the order is as usual.
 */
function swappedArea(first: string, rest: readonly string[]): { skills: string; rest: string[] } | null {
  if (!looksLikeArea(first)) return null;
  const other = rest.filter((w) => parseTimeMask(w, { strict: true }) === null && !looksLikeArea(w));
  if (other.length !== 1) return null;
  return { skills: other[0]!, rest: [first, ...rest.filter((w) => w !== other[0])] };
}

/** Words people use for how urgent a need is. */
const URGENCY_WORDS: ReadonlyMap<string, Urgency> = new Map([
  ['一般', 'normal'],
  ['普通', 'normal'],
  ['不急', 'normal'],
  ['紧急', 'urgent'],
  ['急', 'urgent'],
  ['较急', 'urgent'],
  ['加急', 'urgent'],
  ['特急', 'critical'],
  ['非常紧急', 'critical'],
  ['十万火急', 'critical'],
]);

/** The urgency a word names, or null. */
export function parseUrgency(word: string): Urgency | null {
  return URGENCY_WORDS.get(word.trim()) ?? null;
}

/** The words after a need's description: urgency, needed time, and at most one 片区 (not yet checked). */
export interface NeedWords {
  urgency: Urgency;
  timeMask: number;
  areaWord: string | undefined;
}

export function parseNeedWords(words: readonly string[]): NeedWords {
  let urgency: Urgency = 'normal';
  let timeMask = 0;
  const areaWords: string[] = [];
  for (const word of words) {
    const u = parseUrgency(word);
    const t = u ? null : parseTimeMask(word, { strict: true });
    if (u) urgency = u;
    else if (t !== null) timeMask |= t;
    else areaWords.push(word);
  }
  if (areaWords.length > 1) throw new CommandError(PARSE_TEXT.needAreas(areaWords));
  return { urgency, timeMask, areaWord: areaWords[0] };
}

const ZH: ReadonlyMap<string, number> = new Map([
  ['半', 0.5],
  ['一', 1],
  ['两', 2],
  ['二', 2],
  ['三', 3],
  ['四', 4],
  ['五', 5],
  ['六', 6],
  ['七', 7],
  ['八', 8],
  ['九', 9],
  ['十', 10],
]);
const NUM = '(\\d+(?:\\.\\d+)?|[一两二三四五六七八九十])';

function num(s: string | undefined): number {
  if (!s) return 0;
  return /^\d/.test(s) ? Number(s) : (ZH.get(s) ?? NaN);
}

/**
 * Reads a duration in hours: "1.5小时", "1.5h", "90分钟", "1小时30分", "半小时", "一个半小时",
 * "两小时", or a bare number of hours ("2"). Null when it is not a duration or out of range.
 */
export function parseHours(text: string): number | null {
  const s = text.normalize('NFKC').trim().toLowerCase();
  let hours: number | null = null;
  if (/^半(个)?(小时|钟头)$/.test(s)) hours = 0.5;
  let g = new RegExp(`^${NUM}个半(小时|钟头)$`).exec(s);
  if (hours === null && g) hours = num(g[1]) + 0.5;
  const hoursPart = `(?:${NUM}\\s*(?:个)?(?:小时|钟头|h|hr|hrs|hours?))?`;
  g = new RegExp(`^${hoursPart}\\s*(?:${NUM}\\s*(?:分钟|分|min|mins|minutes?|m))?$`).exec(s);
  if (hours === null && g && (g[1] || g[2])) hours = num(g[1]) + num(g[2]) / 60;
  if (hours === null && /^\d+(\.\d+)?$/.test(s)) hours = Number(s);
  if (hours === null || !Number.isFinite(hours) || hours <= 0 || hours > MAX_SERVICE_HOURS) return null;
  return Math.round(hours * 100) / 100;
}

/**
 * A rating as typed: "5", "5分", "五星", "5星", "四颗星", "五星好评", "★★★★★" or "★★★★☆" (4), or null.
 */
export function parseScore(word: string): number | null {
  const s = word.normalize('NFKC').trim();
  let n: number | null = null;
  if (/^[★☆]+$/.test(s)) n = s.length === 5 || !s.includes('☆') ? [...s].filter((c) => c === '★').length : null;
  const g = /^(\d|[一二两三四五])(?:分|星|颗星|星级)?(?:好评)?$/.exec(s);
  if (g) n = num(g[1]);
  return n !== null && Number.isInteger(n) && n >= MIN_RATING && n <= MAX_RATING ? n : null;
}
