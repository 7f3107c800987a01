// 补签: a member's late check-in after the window closed, approved or rejected by an officer.
import { and, eq, max } from 'drizzle-orm';
import { attendance, makeupRequests, members } from '../../db/schema.js';
import { actorIdentity, type ActorRef } from '../../contracts/identity.js';
import type { Db } from '../../contracts/store.js';
import type { Work } from '../../contracts/work.js';
import type { MemberRecord, Sender } from '../org/identity.js';
import type { UnitTree } from '../org/units.js';
import { actorOf, checkManager, type ChatPlace } from './access.js';
import type { MeetingAndMine } from './checkin.js';
import { meetingsError } from './errors.js';
import { phaseOf, requireMeeting, windowOf } from './meetings.js';
import { checkMayAttend, zoneOf } from './scope.js';
import type { MakeupRequest, Meeting } from './types.js';

/** How long after a meeting's window closes a 补签 may still be asked for, in days. */
export const MAKEUP_DEADLINE_DAYS = 7;

export async function loadMakeup(db: Db, id: number): Promise<MakeupRequest | null> {
  const rows = await db.select().from(makeupRequests).where(eq(makeupRequests.id, id)).limit(1);
  return rows[0] ?? null;
}

/** 补签: after the window closed (and within the deadline), with a reason; returns the 申请号. */
export async function requestMakeup(
  work: Work,
  tree: UnitTree,
  { meeting: m, mine }: MeetingAndMine,
  member: Pick<MemberRecord, 'id' | 'role'>,
  reason: string,
): Promise<number> {
  const memberId = member.id;
  const phase = phaseOf(m, work.now);
  if (phase === 'cancelled') throw meetingsError('meeting.cancelled', { id: m.id });
  checkMayAttend(m, member.role);
  if (phase === 'before') throw meetingsError('makeup.not_started', { id: m.id });
  if (phase === 'open') throw meetingsError('makeup.window_open', { id: m.id });
  const deadline = windowOf(m).closesAt.getTime() + MAKEUP_DEADLINE_DAYS * 86_400_000;
  if (work.now.getTime() > deadline) {
    const zone = zoneOf(tree, m.unitId);
    throw meetingsError('makeup.too_late', { id: m.id, days: MAKEUP_DEADLINE_DAYS, deadline, zone });
  }
  if (mine?.status === 'present') throw meetingsError('makeup.checked_in', { id: m.id });
  const [prev] = await work.db
    .select()
    .from(makeupRequests)
    .where(and(eq(makeupRequests.meetingId, m.id), eq(makeupRequests.memberId, memberId)))
    .limit(1);
  if (prev) throw meetingsError('makeup.duplicate', { id: m.id, requestId: prev.id, status: prev.status });
  const [last] = await work.db.select({ id: max(makeupRequests.id) }).from(makeupRequests);
  const id = (last?.id ?? 0) + 1;
  const row = { id, meetingId: m.id, memberId, reason, requestedAt: work.now.getTime() };
  work.write(work.db.insert(makeupRequests).values(row));
  return id;
}

/** A decided 补签: the request as it was, its meeting and the member's name. */
export interface MakeupDecided {
  request: MakeupRequest;
  meeting: Meeting;
  memberName: string;
}

/**
 * 批准 / 驳回 a pending 补签 by an officer who manages the meeting (from a chat that may handle it),
 * never their own request unless an administrator. Approval records the member as present (补签).
 */
export async function decideMakeup(
  work: Work,
  tree: UnitTree,
  sender: Sender,
  place: ChatPlace,
  id: number,
  decision: { approve: boolean; note: string | null },
): Promise<MakeupDecided> {
  const req = await loadMakeup(work.db, id);
  if (!req) throw meetingsError('makeup.not_found', { id });
  const m = await requireMeeting(work.db, req.meetingId);
  checkManager(tree, sender, place, m);
  if (req.memberId === sender.member?.id && sender.role !== 'admin') throw meetingsError('makeup.own_request', {});
  await recordDecision(work, req, decision.approve, actorOf(sender), decision.note);
  const [who] = await work.db.select({ name: members.name }).from(members).where(eq(members.id, req.memberId)).limit(1);
  return { request: req, meeting: m, memberName: who?.name ?? '' };
}

async function recordDecision(
  work: Work,
  req: MakeupRequest,
  approve: boolean,
  by: ActorRef,
  note: string | null,
): Promise<void> {
  if (req.status !== 'pending') throw meetingsError('makeup.decided', { id: req.id, status: req.status });
  const now = work.now.getTime();
  work.write(
    work.db
      .update(makeupRequests)
      .set({
        status: approve ? 'approved' : 'rejected',
        decidedByMemberId: by.memberId,
        decidedByIdentity: actorIdentity(by),
        decidedAt: now,
        note,
      })
      .where(and(eq(makeupRequests.id, req.id), eq(makeupRequests.status, 'pending'))),
  );
  if (!approve) return;
  const row = {
    status: 'present' as const,
    method: 'makeup' as const,
    late: false,
    reason: req.reason,
    at: now,
    byMemberId: by.memberId,
  };
  const where = and(eq(attendance.meetingId, req.meetingId), eq(attendance.memberId, req.memberId));
  const found = await work.db.select().from(attendance).where(where).limit(1);
  if (found[0]?.status === 'present') return;
  if (found[0]) work.write(work.db.update(attendance).set(row).where(where));
  else work.write(work.db.insert(attendance).values({ meetingId: req.meetingId, memberId: req.memberId, ...row }));
}
