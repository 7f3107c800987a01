import { and, eq, gte, inArray, lte, max, sql } from 'drizzle-orm';
import { placeholders, preparedWrite } from '../../db/prepared.js';
import { attendance, makeupRequests, meetings } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { CommandError } from '../../command/errors.js';
import { formatTime } from '../../contracts/time.js';
import type { MemberRecord } from '../org/identity.js';
import { isExpected } from './scope.js';
import { CHECKIN_WINDOW_MAX_MIN, phaseOf, windowOf, type Meeting } from './meetings.js';
import type { UnitTree } from '../org/units.js';
import type { Work } from '../../contracts/work.js';

export type AttendanceRow = typeof attendance.$inferSelect;
export type MakeupRequest = typeof makeupRequests.$inferSelect;

/** How long after a meeting's window closes a 补签 may still be asked for, in days. */
export const MAKEUP_DEADLINE_DAYS = 7;
/** Longest leave / makeup / absence reason, in characters. */
export const MAX_REASON_CHARS = 100;

const hhmm = (d: Date, tz: string) => formatTime(d, tz).split(' ')[1]!;

/** The meeting columns check-in, leave and makeup need (fewer columns: a cheaper hot path). */
const meetingCols = {
  id: meetings.id,
  unitId: meetings.unitId,
  type: meetings.type,
  title: meetings.title,
  startsAt: meetings.startsAt,
  opensBeforeMin: meetings.opensBeforeMin,
  closesAfterMin: meetings.closesAfterMin,
  status: meetings.status,
  codeSecret: meetings.codeSecret,
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
export async function meetingsNear(db: Db, unitIds: readonly string[], memberId: string, now: Date): Promise<MeetingAndMine[]> {
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
    .leftJoin(attendance, and(eq(attendance.meetingId, meetings.id), eq(attendance.memberId, sql.placeholder('memberId'))))
    .where(
      and(
        inArray(meetings.unitId, Array.from({ length: units }, (_, i) => sql.placeholder(`u${i}`))),
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
  db.insert(attendance).values(placeholders(['meetingId', 'memberId', 'status', 'method', 'late', 'reason', 'at', 'byMemberId'])),
);

export interface CheckinOutcome {
  already: boolean;
  at: Date;
  late: boolean;
  lateMinutes: number;
  /** Not counted in 应到 (another unit's member, or not a party member at a party meeting). */
  guest: boolean;
}

/** Why a meeting cannot be checked in to now, or null when it can. */
export function checkinRefusal(m: CheckinMeeting, now: Date, tz: string, proxy = false): string | null {
  const w = windowOf(m);
  switch (phaseOf(m, now)) {
    case 'cancelled':
      return `会议 #${m.id} 已取消。`;
    case 'before':
      return `会议 #${m.id} 的签到 ${formatTime(w.opensAt, tz)} 开始（会议 ${hhmm(w.startsAt, tz)} 开始）。`;
    case 'closed':
      return proxy ? null : `会议 #${m.id} 的签到已于 ${formatTime(w.closesAt, tz)} 结束。如确实参会，请发送：补签 ${m.id} <原因>`;
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
  opts: { tz: string; method: 'self' | 'proxy'; byMemberId?: string | null },
): CheckinOutcome {
  const refusal = checkinRefusal(m, work.now, opts.tz, opts.method === 'proxy');
  if (refusal) throw new CommandError(refusal);
  const guest = !isExpected(tree, m, member);
  if (mine?.status === 'present') {
    return { already: true, at: new Date(mine.at), late: mine.late, lateMinutes: lateMinutes(m, mine.at), guest };
  }
  const at = work.now.getTime();
  const late = opts.method === 'self' && at > m.startsAt;
  const row = { status: 'present' as const, method: opts.method, late, reason: null, at, byMemberId: opts.byMemberId ?? null };
  if (mine) {
    work.write(work.db.update(attendance).set(row).where(and(eq(attendance.meetingId, m.id), eq(attendance.memberId, member.id))));
  } else {
    work.write(insertAttendance(work.db, { meetingId: m.id, memberId: member.id, ...row }));
  }
  return { already: false, at: work.now, late, lateMinutes: late ? lateMinutes(m, at) : 0, guest };
}

function lateMinutes(m: CheckinMeeting, at: number): number {
  return Math.max(0, Math.ceil((at - m.startsAt) / 60_000));
}

/** 请假: only before the meeting starts, once. */
export function requestLeave(work: Work, { meeting: m, mine }: MeetingAndMine, memberId: string, reason: string, tz: string): void {
  if (m.status === 'cancelled') throw new CommandError(`会议 #${m.id} 已取消，无需请假。`);
  if (work.now.getTime() >= m.startsAt) {
    throw new CommandError(`会议 #${m.id} 已于 ${formatTime(new Date(m.startsAt), tz)} 开始，不能再请假；请向书记或委员说明情况。`);
  }
  if (mine?.status === 'present') throw new CommandError(`你已签到会议 #${m.id}，无需请假。`);
  if (mine?.status === 'leave') throw new CommandError(`你已请过假（原因：${mine.reason ?? '无'}）。`);
  work.write(work.db.insert(attendance).values({ meetingId: m.id, memberId, status: 'leave', reason, at: work.now.getTime() }));
}

export async function loadMakeup(db: Db, id: number): Promise<MakeupRequest | null> {
  const rows = await db.select().from(makeupRequests).where(eq(makeupRequests.id, id)).limit(1);
  return rows[0] ?? null;
}

/** 补签: after the window closed (and within the deadline), with a reason; returns the 申请号. */
export async function requestMakeup(work: Work, { meeting: m, mine }: MeetingAndMine, memberId: string, reason: string, tz: string): Promise<number> {
  const phase = phaseOf(m, work.now);
  if (phase === 'cancelled') throw new CommandError(`会议 #${m.id} 已取消。`);
  if (phase === 'before') throw new CommandError(`会议 #${m.id} 还没开始，签到开始后请直接发送「签到」。`);
  if (phase === 'open') throw new CommandError(`会议 #${m.id} 正在签到，请直接发送：签到 ${m.id}`);
  const deadline = windowOf(m).closesAt.getTime() + MAKEUP_DEADLINE_DAYS * 86_400_000;
  if (work.now.getTime() > deadline) throw new CommandError(`补签须在会后 ${MAKEUP_DEADLINE_DAYS} 天内申请，会议 #${m.id} 已超过期限（${formatTime(new Date(deadline), tz)}）。`);
  if (mine?.status === 'present') throw new CommandError(`你已在会议 #${m.id} 的签到名单中，无需补签。`);
  const [prev] = await work.db
    .select()
    .from(makeupRequests)
    .where(and(eq(makeupRequests.meetingId, m.id), eq(makeupRequests.memberId, memberId)))
    .limit(1);
  if (prev) throw new CommandError(`你已提交过会议 #${m.id} 的补签申请（申请号 ${prev.id}，${MAKEUP_STATUS_LABEL[prev.status]}）。`);
  const [last] = await work.db.select({ id: max(makeupRequests.id) }).from(makeupRequests);
  const id = (last?.id ?? 0) + 1;
  work.write(work.db.insert(makeupRequests).values({ id, meetingId: m.id, memberId, reason, requestedAt: work.now.getTime() }));
  return id;
}

export const MAKEUP_STATUS_LABEL: Record<MakeupRequest['status'], string> = { pending: '待审批', approved: '已批准', rejected: '已驳回' };

/** 批准 / 驳回 a pending 补签; approval records the member as present (补签). */
export async function decideMakeup(work: Work, req: MakeupRequest, approve: boolean, officerId: string | null, note: string | null): Promise<void> {
  if (req.status !== 'pending') throw new CommandError(`补签申请 ${req.id} ${MAKEUP_STATUS_LABEL[req.status]}，不能重复处理。`);
  const now = work.now.getTime();
  work.write(
    work.db
      .update(makeupRequests)
      .set({ status: approve ? 'approved' : 'rejected', decidedBy: officerId, decidedAt: now, note })
      .where(and(eq(makeupRequests.id, req.id), eq(makeupRequests.status, 'pending'))),
  );
  if (!approve) return;
  const row = { status: 'present' as const, method: 'makeup' as const, late: false, reason: req.reason, at: now, byMemberId: officerId };
  const found = await work.db
    .select()
    .from(attendance)
    .where(and(eq(attendance.meetingId, req.meetingId), eq(attendance.memberId, req.memberId)))
    .limit(1);
  if (found[0]?.status === 'present') return;
  if (found[0]) {
    work.write(work.db.update(attendance).set(row).where(and(eq(attendance.meetingId, req.meetingId), eq(attendance.memberId, req.memberId))));
  } else {
    work.write(work.db.insert(attendance).values({ meetingId: req.meetingId, memberId: req.memberId, ...row }));
  }
}

/** An officer notes why an absent member missed a closed meeting (for the record book). */
export function recordAbsenceReason(work: Work, { meeting: m, mine }: MeetingAndMine, memberId: string, reason: string, officerId: string | null): void {
  if (phaseOf(m, work.now) !== 'closed') throw new CommandError(`会议 #${m.id} 的签到结束后才能登记缺席原因。`);
  if (mine?.status === 'present' || mine?.status === 'leave') throw new CommandError('该成员不是缺席，无需登记原因。');
  const row = { status: 'absent' as const, method: null, late: false, reason, at: work.now.getTime(), byMemberId: officerId };
  if (mine) work.write(work.db.update(attendance).set(row).where(and(eq(attendance.meetingId, m.id), eq(attendance.memberId, memberId))));
  else work.write(work.db.insert(attendance).values({ meetingId: m.id, memberId, ...row }));
}
