/**
 * Turns what was read (a ClauseSpec) into instants in the unit's zone, applying the rules that
 * make a meeting time safe: whatever the words left open moves forward and is reported, anything
 * past, more than six months ahead, or not on the calendar is refused with the reason.
 */
import { instantOf, wallOf } from './zone.js';
import { addDays, addMonths, compareDates, daysInMonth, isoWeekday } from './calendar.js';
import { resolveDay, type DayResolved, type Roll } from './days.js';
import { readClock } from './hours.js';
import type { ClauseSpec, ClockSpec, PointSpec } from './spec.js';
import type {
  Assumption,
  CalendarDate,
  PartOfDayDefaults,
  Purpose,
  ReadRefusal,
  RefusalParams,
  RefusalReason,
} from './types.js';

export interface ResolveContext {
  now: Date;
  timeZone: string;
  purpose: Purpose;
  defaults: PartOfDayDefaults;
}

export type Resolved = { ok: true; start: Date; end?: Date; assumed: Assumption[] } | ReadRefusal;

/** How far ahead a time may lie; a meeting later than this is more likely a typo than a plan. */
export const HORIZON_MONTHS = 6;

const refuse = <R extends RefusalReason>(reason: R, params: RefusalParams[R]): ReadRefusal =>
  ({ ok: false, reason, params }) as ReadRefusal;

interface Today {
  date: CalendarDate;
  hour: number;
  limit: Date;
}

function todayOf(ctx: ResolveContext): Today {
  const p = wallOf(ctx.now, ctx.timeZone);
  const date = { year: p.year, month: p.month, day: p.day };
  const { year, month } = addMonths(p.year, p.month, HORIZON_MONTHS);
  const day = Math.min(p.day, daysInMonth(year, month));
  return { date, hour: p.hour, limit: instantOf({ year, month, day, hour: p.hour, minute: p.minute }, ctx.timeZone) };
}

function instant(date: CalendarDate, seconds: number, clock: ClockSpec | undefined, tz: string): Date {
  const days = Math.floor(seconds / 86_400);
  const rest = seconds - days * 86_400;
  const hour = Math.floor(rest / 3600);
  const minute = Math.floor((rest % 3600) / 60);
  const sec = rest % 60;
  if (clock?.zoneOffset !== undefined) {
    const utc = Date.UTC(date.year, date.month - 1, date.day + days, hour, minute, sec);
    return new Date(utc - clock.zoneOffset * 60_000);
  }
  return new Date(instantOf({ ...date, day: date.day + days, hour, minute }, tz).getTime() + sec * 1000);
}

const isPast = (t: Date, ctx: ResolveContext): boolean =>
  ctx.purpose === 'meeting' ? t.getTime() <= ctx.now.getTime() : t.getTime() < ctx.now.getTime();

/** The date one `roll` step later, or null when the words name no such day there. */
function rolled(day: DayResolved, roll: Roll): CalendarDate | null {
  const d = day.date;
  if (roll === 'day') return addDays(d, 1);
  if (roll === 'week') return addDays(d, 7);
  return day.again ? day.again(roll) : null;
}

const ROLL_ASSUMPTION = (roll: Roll, d: CalendarDate): Assumption =>
  roll === 'day'
    ? { kind: 'next_day' }
    : roll === 'week'
      ? { kind: 'next_week' }
      : roll === 'month'
        ? { kind: 'next_month', year: d.year, month: d.month }
        : { kind: 'next_year', year: d.year };

interface PointResolved {
  start: Date;
  date: CalendarDate;
  assumed: Assumption[];
}

function resolveStart(point: PointSpec, ctx: ResolveContext, today: Today): PointResolved | ReadRefusal {
  const day = resolveDay(point.day, today.date, today.hour);
  if ('problem' in day) {
    const year = day.year === undefined ? {} : { year: day.year };
    return refuse('no_such_date', { month: day.month, day: day.day, ...year });
  }
  const clock = readClock(point.clock, ctx.defaults);
  if ('problem' in clock) {
    if (clock.problem === 'part_conflict') return refuse('ambiguous', { what: 'part_conflict' });
    return refuse('no_such_time', { hour: clock.hour, minute: clock.minute });
  }
  const assumed = [...day.assumed, ...clock.assumed];
  let date = day.date;
  let start = instant(date, clock.seconds, point.clock, ctx.timeZone);
  if (day.roll && isPast(start, ctx)) {
    const next = rolled(day, day.roll);
    if (!next) return refuse('past', { start });
    const later = instant(next, clock.seconds, point.clock, ctx.timeZone);
    // A month-day whose next occurrence is beyond the horizon was meant this year: it has passed.
    if (day.roll === 'year' && later > today.limit) return refuse('past', { start });
    date = next;
    start = later;
    // 「元旦前一天」 rolls with 元旦 into next year but lands on this year's 12月31日: nothing to say.
    if (day.roll !== 'year' || next.year !== today.date.year) assumed.push(ROLL_ASSUMPTION(day.roll, next));
  }
  if (point.weekdayCheck !== undefined && isoWeekday(date) !== point.weekdayCheck) {
    return refuse('ambiguous', { what: 'weekday_mismatch' });
  }
  if (point.sameDay) {
    const other = resolveDay(point.sameDay, today.date, today.hour);
    if ('problem' in other || compareDates(other.date, date) !== 0)
      return refuse('ambiguous', { what: 'weekday_mismatch' });
  }
  return { start, date, assumed };
}

function resolveEnd(
  point: PointSpec,
  start: PointResolved,
  startClock: ClockSpec | undefined,
  ctx: ResolveContext,
  today: Today,
): Date | ReadRefusal {
  let date = start.date;
  if (point.day) {
    const day = resolveDay(point.day, today.date, today.hour);
    if ('problem' in day) return refuse('no_such_date', { month: day.month, day: day.day });
    date = day.date;
  }
  const inherit: Pick<ClockSpec, 'part' | 'meridiem'> = {};
  if (startClock?.part) inherit.part = startClock.part;
  if (startClock?.meridiem) inherit.meridiem = startClock.meridiem;
  const clock = readClock(point.clock, ctx.defaults, inherit);
  if ('problem' in clock) {
    if (clock.problem === 'part_conflict') return refuse('ambiguous', { what: 'part_conflict' });
    return refuse('no_such_time', { hour: clock.hour, minute: clock.minute });
  }
  let end = instant(date, clock.seconds, point.clock, ctx.timeZone);
  if (end <= start.start && !point.day) {
    // 「上午11点到1点」 ends at 13:00 and 「晚上11点到2点」 the next morning, within 12 hours; an end
    // with its own part of day (「晚上8点到上午10点」) may take the night, up to a day.
    const pm = clock.seconds < 12 * 3600 && !point.clock?.part && !point.clock?.meridiem;
    const candidates = [pm ? clock.seconds + 12 * 3600 : null, clock.seconds + 86_400];
    const longest = (point.clock?.part ? 24 : 12) * 3600_000;
    for (const s of candidates) {
      if (s === null) continue;
      const t = instant(date, s, point.clock, ctx.timeZone);
      if (t > start.start && t.getTime() - start.start.getTime() <= longest) {
        end = t;
        break;
      }
    }
  }
  if (end <= start.start) return refuse('end_before_start', { start: start.start, end });
  return end;
}

/** The instants `clause` names for `ctx`, or why it cannot be scheduled. */
export function resolveClause(clause: ClauseSpec, ctx: ResolveContext): Resolved {
  if (clause.problem === 'lunar') return refuse('unsupported', { what: 'lunar' });
  if (clause.problem) return refuse('ambiguous', { what: clause.problem });
  const today = todayOf(ctx);
  let result: Resolved;
  if (clause.offsetSeconds !== undefined || clause.start.day?.kind === 'now') {
    const start = new Date(ctx.now.getTime() + (clause.offsetSeconds ?? 0) * 1000);
    result = { ok: true, start, assumed: [] };
  } else {
    const start = resolveStart(clause.start, ctx, today);
    if ('ok' in start) return start;
    result = { ok: true, start: start.start, assumed: start.assumed };
    if (clause.end) {
      const end = resolveEnd(clause.end, start, clause.start.clock, ctx, today);
      if (!(end instanceof Date)) return end;
      result.end = end;
    }
  }
  if (isPast(result.start, ctx)) return refuse('past', { start: result.start });
  if (result.start > today.limit) return refuse('too_far', { start: result.start, limit: today.limit });
  return result;
}
