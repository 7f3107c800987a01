// 请假 (asked by the member before the meeting) and the reasons an officer records for absences.
import { and, eq } from 'drizzle-orm';
import { attendance } from '../../db/schema.js';
import type { Work } from '../../contracts/work.js';
import type { UnitTree } from '../org/units.js';
import { meetingWithMine, type MeetingAndMine } from './checkin.js';
import { meetingsError } from './errors.js';
import { hasEnded, phaseOf } from './meetings.js';
import { checkMayAttend, zoneOf } from './scope.js';
import type { MemberRecord } from '../org/identity.js';

/** 请假: only before the meeting starts, once, and not after checking in. */
export function requestLeave(
  work: Work,
  tree: UnitTree,
  { meeting: m, mine }: MeetingAndMine,
  member: Pick<MemberRecord, 'id' | 'role'>,
  reason: string,
): void {
  const memberId = member.id;
  if (m.status === 'cancelled') throw meetingsError('attendance.leave_cancelled', { id: m.id });
  checkMayAttend(m, member.role);
  if (work.now.getTime() >= m.startsAt) {
    const zone = zoneOf(tree, m.unitId);
    throw meetingsError('attendance.leave_after_start', { id: m.id, startsAt: m.startsAt, zone });
  }
  if (mine?.status === 'present') throw meetingsError('attendance.leave_checked_in', { id: m.id });
  if (mine?.status === 'leave') throw meetingsError('attendance.leave_already', { reason: mine.reason });
  const row = { meetingId: m.id, memberId, status: 'leave' as const, reason, at: work.now.getTime() };
  work.write(work.db.insert(attendance).values(row));
}

/** An officer notes why an absent member missed a closed meeting (for the record book). */
export async function recordAbsenceReason(
  work: Work,
  meetingId: number,
  memberId: string,
  reason: string,
  officerId: string | null,
): Promise<void> {
  const r = await meetingWithMine(work.db, meetingId, memberId);
  if (!r) throw meetingsError('meeting.not_found', { id: meetingId });
  const { meeting: m, mine } = r;
  if (phaseOf(m, work.now) !== 'closed') throw meetingsError('attendance.absence_too_early', { id: m.id });
  if (mine?.status === 'present' || mine?.status === 'leave') throw meetingsError('attendance.not_absent', {});
  const at = work.now.getTime();
  const row = { status: 'absent' as const, method: null, late: false, reason, at, byMemberId: officerId };
  const where = and(eq(attendance.meetingId, m.id), eq(attendance.memberId, memberId));
  if (mine) work.write(work.db.update(attendance).set(row).where(where));
  else work.write(work.db.insert(attendance).values({ meetingId: m.id, memberId, ...row }));
}

/** 撤销请假: the member withdraws their own leave, until the meeting has ended. */
export function withdrawLeave(work: Work, { meeting: m, mine }: MeetingAndMine, memberId: string): void {
  if (m.status === 'cancelled') throw meetingsError('meeting.cancelled', { id: m.id });
  if (mine?.status !== 'leave') throw meetingsError('attendance.no_leave', { id: m.id });
  if (hasEnded(m, work.now)) throw meetingsError('attendance.leave_ended', { id: m.id });
  const where = and(eq(attendance.meetingId, m.id), eq(attendance.memberId, memberId), eq(attendance.status, 'leave'));
  work.write(work.db.delete(attendance).where(where));
}
