import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { placeholders, preparedWrite } from '../../db/prepared.js';
import { attendance, meetings } from '../../db/schema.js';
import type { DomainError } from '../../contracts/errors.js';
import type { Db } from '../../contracts/store.js';
import type { MemberRecord } from '../org/identity.js';
import { CHECKIN_CODE_DIGITS, CHECKIN_CODE_MAX_WRONG, checkinCode, codeChangesAt } from './checkin-code.js';
import { verifyCheckinCode } from './checkin-code.js';
import { isRetiredCode, recordWrongCode, retireTypedCode, unlessLockedOut, wrongCodes } from './checkin-attempts.js';
import type { RetiredCode } from './checkin-attempts.js';
import { meetingsError } from './errors.js';
import { checkMayAttend, isExpected, zoneOf } from './scope.js';
import { CHECKIN_WINDOW_MAX_MIN, phaseOf, windowOf } from './meetings.js';
import type { AttendanceRow, Meeting } from './types.js';
import type { UnitTree } from '../org/units.js';
import type { Work } from '../../contracts/work.js';

export type { AttendanceRow, MakeupRequest } from './types.js';

/** Longest leave / makeup / absence reason, in characters. */
export const MAX_REASON_CHARS = 100;

/** The meeting columns check-in, leave and makeup need (fewer columns: a cheaper hot path). */
const meetingCols = {
  id: meetings.id,
  unitId: meetings.unitId,
  type: meetings.type,
  title: meetings.title,
  startsAt: meetings.startsAt,
  endsAt: meetings.endsAt,
  opensBeforeMin: meetings.opensBeforeMin,
  closesAfterMin: meetings.closesAfterMin,
  status: meetings.status,
  codeSecret: meetings.codeSecret,
  codeGeneration: meetings.codeGeneration,
};
const mineCols = { status: attendance.status, at: attendance.at, late: attendance.late, reason: attendance.reason };

export type CheckinMeeting = Pick<Meeting, keyof typeof meetingCols>;
export type Mine = Pick<AttendanceRow, keyof typeof mineCols>;

export interface MeetingAndMine {
  meeting: CheckinMeeting;
  /** The member's own attendance record, if any. */
  mine: Mine | null;
}

/** One meeting with the member's row, in one query. */
export async function meetingWithMine(db: Db, id: number, memberId: string): Promise<MeetingAndMine | null> {
  const rows = await db
    .select({ meeting: meetingCols, mine: mineCols })
    .from(meetings)
    .leftJoin(attendance, and(eq(attendance.meetingId, meetings.id), eq(attendance.memberId, memberId)))
    .where(eq(meetings.id, id))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Scheduled meetings of `unitIds` starting within the widest possible window of `now`, each with
 * the member's row: one indexed range query, the check-in hot path (prepared once per database
 * and number of units; a unit's ancestors are few).
 */
export async function meetingsNear(
  db: Db,
  unitIds: readonly string[],
  memberId: string,
  now: Date,
): Promise<MeetingAndMine[]> {
  const span = CHECKIN_WINDOW_MAX_MIN * 60_000;
  const values: Record<string, unknown> = { memberId, from: now.getTime() - span, to: now.getTime() + span };
  unitIds.forEach((id, i) => (values[`u${i}`] = id));
  return nearQuery(db, unitIds.length).all(values);
}

/** Most units a prepared meetingsNear is kept for (a unit and its ancestors: four levels). */
const MAX_PREPARED_UNITS = 8;
const nearQueries = new WeakMap<Db, Map<number, ReturnType<typeof prepareNear>>>();

function prepareNear(db: Db, units: number) {
  return db
    .select({ meeting: meetingCols, mine: mineCols })
    .from(meetings)
    .leftJoin(
      attendance,
      and(eq(attendance.meetingId, meetings.id), eq(attendance.memberId, sql.placeholder('memberId'))),
    )
    .where(
      and(
        inArray(
          meetings.unitId,
          Array.from({ length: units }, (_, i) => sql.placeholder(`u${i}`)),
        ),
        eq(meetings.status, 'scheduled'),
        gte(meetings.startsAt, sql.placeholder('from')),
        lte(meetings.startsAt, sql.placeholder('to')),
      ),
    )
    .prepare();
}

function nearQuery(db: Db, units: number): ReturnType<typeof prepareNear> {
  if (units > MAX_PREPARED_UNITS) return prepareNear(db, units);
  let byCount = nearQueries.get(db);
  if (!byCount) nearQueries.set(db, (byCount = new Map()));
  let q = byCount.get(units);
  if (!q) byCount.set(units, (q = prepareNear(db, units)));
  return q;
}

const insertAttendance = preparedWrite<Required<typeof attendance.$inferInsert>>((db) =>
  db
    .insert(attendance)
    .values(placeholders(['meetingId', 'memberId', 'status', 'method', 'late', 'reason', 'at', 'byMemberId'])),
);

export interface CheckinOutcome {
  already: boolean;
  /** The member had asked for leave; the check-in replaces it. */
  leaveCancelled: boolean;
  at: Date;
  late: boolean;
  lateMinutes: number;
  /** Not counted in 应到 (another unit's member, or not a party member at a party meeting). */
  guest: boolean;
}

/**
 * Why a meeting cannot be checked in to now, or null when it can: the one rule of the check-in
 * window (代签 may still be recorded after it closed). Returned, not thrown, so a caller may
 * check before other steps; throw it to refuse.
 */
export function checkinRefusal(
  m: Omit<CheckinMeeting, 'codeGeneration' | 'endsAt'>,
  now: Date,
  zone: string,
  proxy = false,
): DomainError | null {
  const w = windowOf(m);
  switch (phaseOf(m, now)) {
    case 'cancelled':
      return meetingsError('meeting.cancelled', { id: m.id });
    case 'before':
      return meetingsError('checkin.not_open', { id: m.id, opensAt: w.opensAt.getTime(), startsAt: m.startsAt, zone });
    case 'closed':
      return proxy ? null : meetingsError('checkin.closed', { id: m.id, closesAt: w.closesAt.getTime(), zone });
    default:
      return null;
  }
}

/**
 * Records a check-in: self (late after the start) or proxy (代签, by an officer, never late).
 * A second check-in changes nothing; a check-in after 请假 turns the leave into presence.
 */
export function checkIn(
  work: Work,
  tree: UnitTree,
  { meeting: m, mine }: MeetingAndMine,
  member: MemberRecord,
  opts: { method: 'self' | 'proxy'; byMemberId?: string | null },
): CheckinOutcome {
  const refusal = checkinRefusal(m, work.now, zoneOf(tree, m.unitId), opts.method === 'proxy');
  if (refusal) throw refusal;
  checkMayAttend(m, member.role);
  const guest = !isExpected(tree, m, member);
  if (mine?.status === 'present') {
    const at = new Date(mine.at);
    return { already: true, leaveCancelled: false, at, late: mine.late, lateMinutes: lateMinutes(m, mine.at), guest };
  }
  const at = work.now.getTime();
  const late = opts.method === 'self' && at > m.startsAt;
  const row = {
    status: 'present' as const,
    method: opts.method,
    late,
    reason: null,
    at,
    byMemberId: opts.byMemberId ?? null,
  };
  if (mine) {
    work.write(
      work.db
        .update(attendance)
        .set(row)
        .where(and(eq(attendance.meetingId, m.id), eq(attendance.memberId, member.id))),
    );
  } else {
    work.write(insertAttendance(work.db, { meetingId: m.id, memberId: member.id, ...row }));
  }
  const leaveCancelled = mine?.status === 'leave';
  return { already: false, leaveCancelled, at: work.now, late, lateMinutes: late ? lateMinutes(m, at) : 0, guest };
}

/** What a member's own 签到 came to, when it was not refused outright. */
export type SelfCheckin =
  | { kind: 'checked_in'; outcome: CheckinOutcome }
  /**
   * In a group, at a meeting that needs a code: the code is asked for in a direct chat. `typed`:
   * a code was typed here, so it is not accepted, and `retired` is set when it was a valid one.
   */
  | { kind: 'code_by_direct'; meetingId: number; typed: boolean; retired: RetiredCode | null }
  /** A wrong code, recorded; `left` more may be tried (none: the member is now locked out). */
  | { kind: 'code_wrong'; meetingId: number; wrong: number; left: number }
  /** A code of before the last retirement: not counted as a guess, the member needs the new one. */
  | { kind: 'code_retired'; meetingId: number };

/**
 * 签到 by the member: the window must be open and, when the meeting requires one, `code` must be
 * the rotating code shown at the meeting, typed in a direct chat (checked only when the member is
 * not already present). A code typed in a group is never accepted, and a valid one is retired;
 * after CHECKIN_CODE_MAX_WRONG wrong codes the member can be checked in by an officer only.
 */
export async function selfCheckIn(
  work: Work,
  tree: UnitTree,
  r: MeetingAndMine,
  member: MemberRecord,
  code: string | null,
  where: { group: boolean },
): Promise<SelfCheckin> {
  const m = r.meeting;
  const refusal = checkinRefusal(m, work.now, zoneOf(tree, m.unitId));
  if (refusal) throw refusal;
  checkMayAttend(m, member.role);
  const present = r.mine?.status === 'present';
  if (m.codeSecret && where.group && (code !== null || !present)) {
    const retired = code === null ? null : await retireTypedCode(work, tree, m, code);
    return { kind: 'code_by_direct', meetingId: m.id, typed: code !== null, retired };
  }
  if (m.codeSecret && !present) {
    if (!code) throw meetingsError('checkin.code_required', { id: m.id, digits: CHECKIN_CODE_DIGITS });
    const wrong = await wrongCodes(work.db, m.id, member.id);
    if (wrong >= CHECKIN_CODE_MAX_WRONG)
      throw meetingsError('checkin.code_locked', { id: m.id, max: CHECKIN_CODE_MAX_WRONG });
    if (!(await verifyCheckinCode(m.codeSecret, code, work.now, m.codeGeneration))) {
      if (await isRetiredCode(m, code, work.now)) return { kind: 'code_retired', meetingId: m.id };
      recordWrongCode(work, m.id, member.id);
      return { kind: 'code_wrong', meetingId: m.id, wrong: wrong + 1, left: CHECKIN_CODE_MAX_WRONG - wrong - 1 };
    }
    unlessLockedOut(work, m.id, member.id, CHECKIN_CODE_MAX_WRONG);
  }
  return { kind: 'checked_in', outcome: checkIn(work, tree, r, member, { method: 'self' }) };
}

/** The code an officer shows at the meeting now, until when it is shown, and when check-in opens if not yet. */
export interface ShownCode {
  code: string;
  changesAt: Date;
  /** When the window opens, if it has not yet (the code will have changed by then). */
  opensAt: Date | null;
}

/** The current 签到码 of a meeting that requires one and whose check-in has not ended. */
export async function currentCode(m: Meeting, now: Date): Promise<ShownCode> {
  if (!m.codeSecret) throw meetingsError('checkin.code_off', { id: m.id });
  const phase = phaseOf(m, now);
  if (phase === 'cancelled') throw meetingsError('meeting.cancelled', { id: m.id });
  if (phase === 'closed') throw meetingsError('checkin.code_closed', { id: m.id });
  return {
    code: await checkinCode(m.codeSecret, now, m.codeGeneration),
    changesAt: codeChangesAt(now),
    opensAt: phase === 'before' ? windowOf(m).opensAt : null,
  };
}

function lateMinutes(m: CheckinMeeting, at: number): number {
  return Math.max(0, Math.ceil((at - m.startsAt) / 60_000));
}
