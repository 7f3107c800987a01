import type { Work } from '../../contracts/work.js';
import type { MemberRecord, Sender } from '../org/identity.js';
import type { UnitTree } from '../org/units.js';
import { checkIn, type CheckinOutcome, type MeetingAndMine } from './checkin.js';
import { meetingsError } from './errors.js';
import { MAKEUP_DEADLINE_DAYS } from './makeup.js';
import { windowOf } from './meetings.js';
import { zoneOf } from './scope.js';

// 代签: an officer checks in a member who has no phone. It is a record an officer vouches for, so
// it is never for the officer themselves (their own presence is 签到 or an approved 补签), and it
// is not a way around 补签's deadline: after the window closes, the same MAKEUP_DEADLINE_DAYS hold.

/** Records a 代签 of `member` by `officer` (the caller checked that the officer manages the meeting). */
export function proxyCheckIn(
  work: Work,
  tree: UnitTree,
  r: MeetingAndMine,
  member: MemberRecord,
  officer: Sender,
): CheckinOutcome {
  if (officer.member && officer.member.id === member.id) throw meetingsError('proxy.self', { id: r.meeting.id });
  const deadline = windowOf(r.meeting).closesAt.getTime() + MAKEUP_DEADLINE_DAYS * 86_400_000;
  if (work.now.getTime() > deadline) {
    const zone = zoneOf(tree, r.meeting.unitId);
    throw meetingsError('proxy.too_late', { id: r.meeting.id, days: MAKEUP_DEADLINE_DAYS, deadline, zone });
  }
  return checkIn(work, tree, r, member, { method: 'proxy', byMemberId: officer.member?.id ?? null });
}
