// Which meeting a command means: the numbered one (if this chat may handle it), or, without a
// number, the one of the chat's unit that fits what is asked (open for check-in, next to start…).
import type { Db } from '../../contracts/store.js';
import type { Unit, UnitTree } from '../org/units.js';
import { checkChat, type ChatPlace } from './access.js';
import { meetingsNear, meetingWithMine, type MeetingAndMine } from './checkin.js';
import { meetingsError } from './errors.js';
import { latestOpenedMeeting, MEETING_LIST_LIMIT, phaseOf, upcomingMeetings, windowOf } from './meetings.js';
import { mayAttend, meetingCoversUnit, unitAndAncestors } from './scope.js';
import type { MemberRecord } from '../org/identity.js';
import { meetingRef, type Meeting } from './types.js';

/** A numbered meeting with the member's row, after checking it may be handled from this chat. */
export async function numberedMeeting(
  db: Db,
  tree: UnitTree,
  place: ChatPlace,
  id: number,
  memberId: string,
): Promise<MeetingAndMine> {
  const r = await meetingWithMine(db, id, memberId);
  if (!r) throw meetingsError('meeting.not_found', { id });
  checkChat(tree, place, r.meeting);
  return r;
}

const concerns = (tree: UnitTree, m: Pick<Meeting, 'unitId' | 'type'>, unitId: string): boolean =>
  m.unitId === unitId || meetingCoversUnit(tree, m, unitId);

/**
 * The meeting a check-in (or 代签) without a number means: the one of `base` (or of a unit above
 * that covers it) whose window is open now. Refuses, saying why, when there is none or several.
 */
export async function pickOpenMeeting(
  db: Db,
  tree: UnitTree,
  base: Unit,
  member: Pick<MemberRecord, 'id' | 'role'>,
  now: Date,
): Promise<MeetingAndMine> {
  const near = await meetingsNear(db, unitAndAncestors(tree, base.id), member.id, now);
  // A 支委会 the member may not attend is not what their 签到 means (when it is the only one, its refusal says why).
  const all = near.filter((x) => concerns(tree, x.meeting, base.id));
  const attendable = all.filter((x) => mayAttend(x.meeting, member.role));
  const relevant = (attendable.length ? attendable : all).sort((a, b) => a.meeting.startsAt - b.meeting.startsAt);
  const open = relevant.filter((x) => phaseOf(x.meeting, now) === 'open');
  if (open.length === 1) return open[0]!;
  const zone = base.timeZone;
  if (open.length > 1) {
    // Someone already checked in to one of them most likely means the other.
    const pending = open.filter((x) => x.mine?.status !== 'present');
    if (pending.length === 1) return pending[0]!;
    throw meetingsError('checkin.several_open', { meetings: open.map((x) => meetingRef(x.meeting)), zone });
  }
  const next = relevant.find((x) => phaseOf(x.meeting, now) === 'before');
  if (next) {
    const opensAt = windowOf(next.meeting).opensAt.getTime();
    throw meetingsError('checkin.opens_later', { meeting: meetingRef(next.meeting), opensAt, zone });
  }
  const ended = relevant.filter((x) => phaseOf(x.meeting, now) === 'closed').pop();
  if (ended) {
    const closesAt = windowOf(ended.meeting).closesAt.getTime();
    throw meetingsError('checkin.ended', { meeting: meetingRef(ended.meeting), closesAt, zone });
  }
  throw meetingsError('checkin.none_open', { unit: base.name });
}

/**
 * The meeting a 请假 without a number means: the one of `base`'s meetings not yet started that the
 * member may attend and has not answered yet; several such ask which (as 签到 does).
 */
export async function nextMeetingForLeave(
  db: Db,
  tree: UnitTree,
  base: Unit,
  member: Pick<MemberRecord, 'id' | 'role'>,
  now: Date,
): Promise<MeetingAndMine> {
  const ahead = (await upcomingMeetings(db, unitAndAncestors(tree, base.id), now)).filter(
    (m) => m.startsAt > now.getTime() && concerns(tree, m, base.id) && mayAttend(m, member.role),
  );
  if (ahead.length === 0) throw meetingsError('attendance.no_upcoming', { unit: base.name });
  const withMine = await Promise.all(ahead.map(async (m) => (await meetingWithMine(db, m.id, member.id))!));
  if (withMine.length === 1) return withMine[0]!;
  const unanswered = withMine.filter((x) => !x.mine);
  if (unanswered.length === 1) return unanswered[0]!;
  const list = unanswered.length ? unanswered : withMine;
  throw meetingsError('attendance.several_upcoming', {
    meetings: list.map((x) => meetingRef(x.meeting)),
    zone: base.timeZone,
  });
}

/** The meeting a 撤销请假 without a number means: the one not yet ended the member asked leave for. */
export async function meetingOfLeave(
  db: Db,
  tree: UnitTree,
  base: Unit,
  memberId: string,
  now: Date,
): Promise<MeetingAndMine> {
  const list = (await upcomingMeetings(db, unitAndAncestors(tree, base.id), now, MEETING_LIST_LIMIT, true)).filter(
    (m) => concerns(tree, m, base.id),
  );
  const mine = (await Promise.all(list.map((m) => meetingWithMine(db, m.id, memberId)))).filter(
    (x): x is MeetingAndMine => x?.mine?.status === 'leave',
  );
  if (mine.length === 1) return mine[0]!;
  if (mine.length === 0) throw meetingsError('attendance.no_leave', { id: null });
  throw meetingsError('attendance.several_leaves', {
    meetings: mine.map((x) => meetingRef(x.meeting)),
    zone: base.timeZone,
  });
}

/** The meeting a 签到码 without a number means: the next of `base`'s meetings that requires a code. */
export async function meetingNeedingCode(db: Db, tree: UnitTree, base: Unit, now: Date): Promise<Meeting> {
  const list = await upcomingMeetings(db, unitAndAncestors(tree, base.id), now);
  const m = list.find((x) => x.codeSecret && concerns(tree, x, base.id));
  if (!m) throw meetingsError('checkin.no_code_meeting', { unit: base.name });
  return m;
}

/** The meeting a 考勤 without a number means: the latest of `base`'s whose check-in has opened. */
export async function latestOpened(db: Db, tree: UnitTree, base: Unit, now: Date): Promise<Meeting> {
  const m = await latestOpenedMeeting(db, tree, base.id, now);
  if (!m) throw meetingsError('attendance.none_opened', { unit: base.name });
  return m;
}

/**
 * Upcoming meetings that concern `unit` (its own and covering ones above), soonest first:
 * those stored and `created` (occurrences just made by rollRepeats, not yet committed).
 */
export async function upcomingForUnit(
  db: Db,
  tree: UnitTree,
  unit: Unit,
  now: Date,
  created: readonly Meeting[],
): Promise<Meeting[]> {
  const stored = await upcomingMeetings(db, unitAndAncestors(tree, unit.id), now);
  return [...stored, ...created].filter((m) => concerns(tree, m, unit.id)).sort((a, b) => a.startsAt - b.startsAt);
}
