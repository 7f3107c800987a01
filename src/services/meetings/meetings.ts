import { and, asc, desc, eq, gte, inArray, lte, max } from 'drizzle-orm';
import { meetings, meetingSeries } from '../../db/schema.js';
import { actorIdentity, type ActorRef } from '../../contracts/identity.js';
import type { Db } from '../../contracts/store.js';
import { nextMonthlyOccurrence, type MonthlyRule } from '../../contracts/time.js';
import { newCodeSecret } from './checkin-code.js';
import { meetingsError } from './errors.js';
import { meetingCoversUnit, unitAndAncestors, zoneOf } from './scope.js';
import type { Meeting, MeetingType } from './types.js';
import type { UnitTree } from '../org/units.js';
import { newId, type Work } from '../../contracts/work.js';

export type { Meeting, MeetingSeries, MeetingType } from './types.js';

/** Longest check-in window on either side of the start, in minutes (bounds the open-meeting lookup). */
export const CHECKIN_WINDOW_MAX_MIN = 24 * 60;
/** Longest title and place, in characters. */
export const MAX_MEETING_TITLE_CHARS = 60;
export const MAX_MEETING_PLACE_CHARS = 60;
/** Most meetings 会议列表 shows. */
export const MEETING_LIST_LIMIT = 20;

export interface MeetingWindow {
  opensAt: Date;
  startsAt: Date;
  closesAt: Date;
}

export function windowOf(m: Pick<Meeting, 'startsAt' | 'opensBeforeMin' | 'closesAfterMin'>): MeetingWindow {
  return {
    opensAt: new Date(m.startsAt - m.opensBeforeMin * 60_000),
    startsAt: new Date(m.startsAt),
    closesAt: new Date(m.startsAt + m.closesAfterMin * 60_000),
  };
}

export type MeetingPhase = 'cancelled' | 'before' | 'open' | 'closed';

/** Where a meeting stands at `now`: before its window, in it, after it (or cancelled). */
export function phaseOf(
  m: Pick<Meeting, 'status' | 'startsAt' | 'opensBeforeMin' | 'closesAfterMin'>,
  now: Date,
): MeetingPhase {
  if (m.status === 'cancelled') return 'cancelled';
  const w = windowOf(m);
  if (now < w.opensAt) return 'before';
  return now <= w.closesAt ? 'open' : 'closed';
}

/**
 * True once a meeting is over: its check-in has closed and its end (when one was written) has
 * passed. Before that nobody is 缺席 and there is no quorum verdict, only what is known so far.
 */
export function hasEnded(
  m: Pick<Meeting, 'status' | 'startsAt' | 'endsAt' | 'opensBeforeMin' | 'closesAfterMin'>,
  now: Date,
): boolean {
  return phaseOf(m, now) === 'closed' && (m.endsAt === null || m.endsAt <= now.getTime());
}

export async function loadMeeting(db: Db, id: number): Promise<Meeting | null> {
  const rows = await db.select().from(meetings).where(eq(meetings.id, id)).limit(1);
  return rows[0] ?? null;
}

/** Loads a meeting, or refuses with 'meeting.not_found'. */
export async function requireMeeting(db: Db, id: number): Promise<Meeting> {
  const m = await loadMeeting(db, id);
  if (!m) throw meetingsError('meeting.not_found', { id });
  return m;
}

/** The next free meeting number (a race on it conflicts in the batch and the command re-runs). */
export async function nextMeetingId(db: Db): Promise<number> {
  const rows = await db.select({ last: max(meetings.id) }).from(meetings);
  return (rows[0]?.last ?? 0) + 1;
}

export interface ScheduleInput {
  unitId: string;
  type: MeetingType;
  title: string;
  place: string | null;
  startsAt: Date;
  /** When a range was written; after the start. The check-in window still counts from the start. */
  endsAt: Date | null;
  repeat: MonthlyRule | null;
  requireCode: boolean;
  opensBeforeMin: number;
  closesAfterMin: number;
  hostMemberId: string | null;
  recorderMemberId: string | null;
  /** 主讲人 (a 党课's speaker). */
  speakerMemberId: string | null;
  createdBy: ActorRef;
}

/** Schedules a meeting (and its monthly series when it repeats). */
export async function scheduleMeeting(work: Work, input: ScheduleInput): Promise<Meeting> {
  const now = work.now.getTime();
  const { repeat, startsAt, endsAt, requireCode, createdBy, ...rest } = input;
  if (endsAt && endsAt <= startsAt) throw new Error(`meeting ends (${endsAt.toISOString()}) before it starts`);
  const by = { createdBy: null, createdByMemberId: createdBy.memberId, createdByIdentity: actorIdentity(createdBy) };
  const durationMin = endsAt ? Math.round((endsAt.getTime() - startsAt.getTime()) / 60_000) : null;
  let seriesId: string | null = null;
  if (repeat) {
    seriesId = newId();
    const series = { id: seriesId, ...rest, ...by, ...repeat, durationMin, requireCode, createdAt: now };
    work.write(work.db.insert(meetingSeries).values(series));
  }
  const meeting: Meeting = {
    id: await nextMeetingId(work.db),
    ...rest,
    ...by,
    startsAt: startsAt.getTime(),
    endsAt: endsAt ? endsAt.getTime() : null,
    codeSecret: requireCode ? newCodeSecret() : null,
    codeGeneration: 0,
    seriesId,
    status: 'scheduled',
    cancelReason: null,
    cancelledAt: null,
    createdAt: now,
  };
  work.write(work.db.insert(meetings).values(meeting));
  return meeting;
}

/**
 * Creates the next occurrence of every active monthly series (of `unitIds`, or all) whose latest
 * occurrence has started. Chat commands call it for the units they touch; a scheduler may call it
 * for all units. Returns the meetings created.
 */
export async function rollRepeats(work: Work, tree: UnitTree, unitIds: readonly string[] | null): Promise<Meeting[]> {
  const { db } = work;
  const active = eq(meetingSeries.active, true);
  const series = await db
    .select()
    .from(meetingSeries)
    .where(unitIds ? and(active, inArray(meetingSeries.unitId, [...unitIds])) : active);
  if (series.length === 0) return [];
  const latest = await db
    .select({ seriesId: meetings.seriesId, last: max(meetings.startsAt) })
    .from(meetings)
    .where(
      inArray(
        meetings.seriesId,
        series.map((s) => s.id),
      ),
    )
    .groupBy(meetings.seriesId);
  const lastOf = new Map(latest.map((r) => [r.seriesId, r.last ?? 0]));
  const created: Meeting[] = [];
  let id = 0;
  for (const s of series) {
    if ((lastOf.get(s.id) ?? 0) > work.now.getTime()) continue;
    id = id || (await nextMeetingId(db));
    const timeZone = zoneOf(tree, s.unitId);
    const startsAt = nextMonthlyOccurrence(s, { after: work.now, timeZone });
    const m: Meeting = {
      id: id++,
      unitId: s.unitId,
      type: s.type,
      title: s.title,
      place: s.place,
      startsAt: startsAt.getTime(),
      endsAt: s.durationMin ? startsAt.getTime() + s.durationMin * 60_000 : null,
      opensBeforeMin: s.opensBeforeMin,
      closesAfterMin: s.closesAfterMin,
      codeSecret: s.requireCode ? newCodeSecret() : null,
      codeGeneration: 0,
      seriesId: s.id,
      hostMemberId: s.hostMemberId,
      recorderMemberId: s.recorderMemberId,
      speakerMemberId: s.speakerMemberId,
      status: 'scheduled',
      cancelReason: null,
      cancelledAt: null,
      createdByMemberId: null,
      createdByIdentity: null,
      createdAt: work.now.getTime(),
    };
    work.write(db.insert(meetings).values(m));
    created.push(m);
  }
  return created;
}

/** Meetings of `unitIds` whose window has not closed yet (or, with `untilEnd`, not ended yet), soonest first. */
export async function upcomingMeetings(
  db: Db,
  unitIds: readonly string[],
  now: Date,
  limit = MEETING_LIST_LIMIT,
  untilEnd = false,
): Promise<Meeting[]> {
  const rows = await db
    .select()
    .from(meetings)
    .where(
      and(
        inArray(meetings.unitId, [...unitIds]),
        eq(meetings.status, 'scheduled'),
        gte(meetings.startsAt, now.getTime() - CHECKIN_WINDOW_MAX_MIN * 60_000),
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .limit(limit + 10);
  return rows.filter((m) => windowOf(m).closesAt >= now || (untilEnd && !hasEnded(m, now))).slice(0, limit);
}

/**
 * The most recent scheduled meeting concerning `unitId` (its own or a covering one above) whose check-in
 * has opened.
 */
export async function latestOpenedMeeting(db: Db, tree: UnitTree, unitId: string, now: Date): Promise<Meeting | null> {
  const rows = await db
    .select()
    .from(meetings)
    .where(
      and(
        inArray(meetings.unitId, unitAndAncestors(tree, unitId)),
        eq(meetings.status, 'scheduled'),
        lte(meetings.startsAt, now.getTime() + CHECKIN_WINDOW_MAX_MIN * 60_000),
      ),
    )
    .orderBy(desc(meetings.startsAt))
    .limit(20);
  return (
    rows.find((r) => windowOf(r).opensAt <= now && (r.unitId === unitId || meetingCoversUnit(tree, r, unitId))) ?? null
  );
}

const between = (unitIds: readonly string[], from: Date, to: Date) =>
  and(
    inArray(meetings.unitId, [...unitIds]),
    gte(meetings.startsAt, from.getTime()),
    lte(meetings.startsAt, to.getTime() - 1),
  );

/** Meetings of `unitIds` starting within [from, to), any status, oldest first. */
export async function meetingsBetween(db: Db, unitIds: readonly string[], from: Date, to: Date): Promise<Meeting[]> {
  if (unitIds.length === 0) return [];
  return db
    .select()
    .from(meetings)
    .where(between(unitIds, from, to))
    .orderBy(asc(meetings.startsAt), asc(meetings.id));
}

/** What counting a period's meetings needs of each (a 区委's quarter has thousands). */
export type MeetingBrief = Pick<
  Meeting,
  'id' | 'unitId' | 'type' | 'title' | 'status' | 'startsAt' | 'endsAt' | 'opensBeforeMin' | 'closesAfterMin'
>;

const briefColumns = {
  id: meetings.id,
  unitId: meetings.unitId,
  type: meetings.type,
  title: meetings.title,
  status: meetings.status,
  startsAt: meetings.startsAt,
  endsAt: meetings.endsAt,
  opensBeforeMin: meetings.opensBeforeMin,
  closesAfterMin: meetings.closesAfterMin,
};

/** meetingsBetween, reading only the MeetingBrief columns. */
export async function meetingBriefsBetween(
  db: Db,
  unitIds: readonly string[],
  from: Date,
  to: Date,
): Promise<MeetingBrief[]> {
  if (unitIds.length === 0) return [];
  return db
    .select(briefColumns)
    .from(meetings)
    .where(between(unitIds, from, to))
    .orderBy(asc(meetings.startsAt), asc(meetings.id));
}
