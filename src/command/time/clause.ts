/**
 * Finds the time expression in a message and reads it into a ClauseSpec: an offset from now, or
 * a day and a time of day, optionally followed by 到/至/-/~ and the end of a range.
 */
import { ABOUT, readHour, readPart } from './clock.js';
import { readDay } from './dates.js';
import { readOffset } from './offsets.js';
import { Cursor, REJECT, sticky, type ClauseSpec, type PointSpec, type Problem, type Reject } from './spec.js';

/** The longest stretch a time expression takes; each attempt reads at most this far. */
export const CLAUSE_WINDOW = 40;

const FROM = sticky('(?:从|自)');
const NOW = sticky('(?:现在|此时|此刻|当前|立即|立刻|马上|即刻)');
const GAP = sticky('[\\s,，的]*');
const SPACE = sticky('\\s*');
/** A day with no time to meet: 「今天晚些时候」. */
const VAGUE_TIME = sticky('[\\s,，]*(?:晚些时候|稍晚|稍后|某个时候|找时间)');
/**
 * What makes a day without an hour a window, not a moment: 「周五前」「月底以前」 (by then),
 * 「周五下班后」「明天午饭后」 (after something whose time the words do not give).
 */
const DEADLINE_OR_AFTER = sticky(
  '[\\s的]*(?:(?:下班|上班|放学|午饭|晚饭|早饭|吃饭|饭|午休|散会|会议|开会|会)(?:以|之)?[前后]|(?:以|之)?前(?![\\d零〇一二两三四五六七八九十几]))',
);
const RANGE = sticky('\\s*(?:到|至|[-~〜–ー]|—{1,2})\\s*');
/** Characters a time expression can begin with; everything else is skipped without reading. */
const START =
  /[\d第去几之以还近未最零〇一二两三四五六七八九十廿今明后昨前大上下这本当次翌同隔再过半周星凌清早午中正傍黄晚夜深白现此立马即元情妇植愚劳青儿建教国万光双平圣母父感农阴春除端七重腊从自月约]/;
const NUMERAL = /[\d零〇一二两三四五六七八九十廿]/;
const REPEAT_BEFORE = /每(?:个|隔)?(?:天|日|周|星期|月|年|晚|早)?$/;

type PointRead = { point: PointSpec } | { problem: Problem };

function readPoint(c: Cursor): PointRead | Reject | null {
  const point: PointSpec = {};
  const dayRead = readDay(c);
  if (dayRead && 'problem' in dayRead) return dayRead;
  if (dayRead) {
    point.day = dayRead.day;
    if (dayRead.weekdayCheck !== undefined) point.weekdayCheck = dayRead.weekdayCheck;
    if (dayRead.sameDay) point.sameDay = dayRead.sameDay;
    if (dayRead.part) point.clock = { part: dayRead.part, minute: 0, second: 0 };
  }
  return readClockInto(c, point);
}

/** The part of day and hour after a day (or alone), added to `point`. */
function readClockInto(c: Cursor, point: PointSpec): PointRead | Reject | null {
  const hasDay = point.day !== undefined;
  if (hasDay && c.eat(VAGUE_TIME)) return { problem: 'vague' };
  const beforeAbout = c.pos;
  const about = c.try(() => {
    if (hasDay) c.eat(GAP);
    return c.eat(ABOUT);
  });
  const part = c.try(() => {
    if (hasDay && !about) c.eat(GAP);
    return readPart(c, hasDay);
  });
  if (part === REJECT) return REJECT;
  const known = part ?? point.clock ?? null;
  const at = c.pos;
  if (hasDay || part) c.eat(hasDay && !part ? GAP : SPACE);
  const hour = readHour(c, part, !hasDay && !part && !point.clock);
  if (hour === REJECT) return REJECT;
  if (!hour) c.pos = at;
  if (about && !part && !hour) c.pos = beforeAbout;
  if (!hasDay && !part && !hour) return null;
  if (hour || known) point.clock = { ...known, ...hour, minute: hour?.minute ?? 0, second: hour?.second ?? 0 };
  if (about && point.clock) point.clock.approx = true;
  return { point };
}

/**
 * A clause read from position `at` of `s` (characters before it are context, 「有一点」), with its
 * end; REJECT or null when none starts there.
 */
export function readClause(s: string, at = 0): { clause: ClauseSpec; end: number } | Reject | null {
  const c = new Cursor(s, at);
  c.try(() => c.eat(FROM));
  if (c.eat(NOW)) return { clause: { start: { day: { kind: 'now' } } }, end: c.pos };
  const offset = readOffset(c);
  if (offset === REJECT) return REJECT;
  if (offset && 'seconds' in offset) return { clause: { start: {}, offsetSeconds: offset.seconds }, end: c.pos };
  if (offset && 'problem' in offset) return { clause: { start: {}, problem: offset.problem }, end: c.pos };
  // 「两天后下午3点」: a day offset is a day like any other, an hour may follow.
  const start = offset ? readClockInto(c, { day: offset.day }) : readPoint(c);
  if (start === REJECT || start === null) return start;
  if ('problem' in start) return { clause: { start: {}, problem: start.problem }, end: c.pos };
  const clause: ClauseSpec = { start: start.point };
  if (start.point.clock?.hour === undefined && c.try(() => c.eat(DEADLINE_OR_AFTER))) {
    return { clause: { start: {}, problem: 'vague' }, end: c.pos };
  }
  const end = c.pos;
  const range = c.try(() => {
    if (!c.eat(RANGE)) return null;
    const e = readPoint(c);
    return e && e !== REJECT && 'point' in e ? e.point : null;
  });
  if (!range) return { clause, end };
  clause.end = range;
  // Two days (「1月3日至2月10日」, 「周一至周五上午9点」) span days, even with an hour for each: a
  // meeting needs one day. 「今天下午3点到明天上午10点」 names its start's hour and stays a range.
  if (range.day && !clause.start.clock) clause.problem = 'date_range';
  return { clause, end: c.pos };
}

export interface FoundClause {
  clause: ClauseSpec;
  /** Range [start, end) in the normalised text. */
  start: number;
  end: number;
}

/**
 * The first time expression in normalised text `s`: null when there is none. `rejected` tells
 * whether something time-like was turned down on the way (「零点五」), so that chrono is not asked
 * to find a time in it after all.
 */
export function findClause(s: string): { found: FoundClause | null; rejected: boolean } {
  let rejected = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (!START.test(ch)) continue;
    const prev = i > 0 ? s[i - 1]! : '';
    // Never start inside a number (the 3 of 「23点」, the 5 of 「1.5」, the 00 of 「15:00」).
    if (NUMERAL.test(ch) && (NUMERAL.test(prev) || /[:./-]/.test(prev))) continue;
    if (/[a-z]/i.test(prev) && /\d/.test(ch)) continue;
    // Two characters before the window are context for the readers (「快一点」「以下三点」 are not hours).
    const from = Math.max(0, i - 2);
    const r = readClause(s.slice(from, i + CLAUSE_WINDOW), i - from);
    if (r === REJECT) {
      rejected = true;
      continue;
    }
    if (!r) continue;
    // 「每周六上午9点」「每月4号」 repeat: no single meeting time (repeats are set up elsewhere).
    if (REPEAT_BEFORE.test(s.slice(Math.max(0, i - 3), i))) r.clause.problem = 'repeat';
    return { found: { clause: r.clause, start: i, end: from + r.end }, rejected };
  }
  return { found: null, rejected };
}
