import type { Db } from '../../contracts/store.js';
import type { Work } from '../../contracts/work.js';
import type { MemberRecord, Sender } from '../org/identity.js';
import { findMember } from '../org/org.js';
import type { UnitTree } from '../org/units.js';
import { actorOf, storedActor, type StoredActor } from './actors.js';
import { eraseDrafts, erasurePatch, holdsHousehold } from './erase.js';
import { pairingError } from './errors.js';
import { poolUnitIds } from './matching.js';
import { applyTransition, creatorOf, type NeedRow } from './needs.js';
import { refusePersonalData, type Household } from './privacy.js';
import { loadVolunteer } from './volunteers.js';

// The steps of a pairing after the need is registered (派单, 接单, 评价, 解除, 结案): each checks
// its rules and moves the need through the lifecycle table in one batch.

/** Longest reason (解除) or comment (评价), in characters. */
export const MAX_NOTE_CHARS = 100;
/** Ratings a household gives (评价). */
export const MIN_RATING = 1;
export const MAX_RATING = 5;

/** The member @-mentioned for 派单, refused unless they belong to the need's tree and volunteered. */
export async function volunteerFor(
  db: Db,
  tree: UnitTree,
  platform: string,
  mention: { id: string; name: string },
  need: NeedRow,
): Promise<MemberRecord> {
  const pool = poolUnitIds(tree, need.unitId);
  const member = await findMember(db, tree, platform, mention, pool[0] ?? null);
  if (!member.unitId || !pool.includes(member.unitId)) throw pairingError('pairing.not_in_pool', { name: member.name });
  if (!(await loadVolunteer(db, member.id))) throw pairingError('pairing.not_volunteer', { name: member.name });
  return member;
}

/** 派单: the need goes to `volunteer`, starting a new pairing (no visits yet). */
export function assignNeed(work: Work, tree: UnitTree, sender: Sender, need: NeedRow, volunteer: MemberRecord): void {
  applyTransition(work, tree, sender, need, 'assign', { patch: { volunteerId: volunteer.id, lastVisitAt: null } });
}

/** 接单 by the assigned volunteer; returns who registered the need (to be told). */
export function acceptNeed(work: Work, tree: UnitTree, sender: Sender, need: NeedRow): StoredActor {
  applyTransition(work, tree, sender, need, 'accept');
  return creatorOf(need);
}

/** 评价: the household's rating, with a comment that may not hold personal data. */
export function rateNeed(
  work: Work,
  tree: UnitTree,
  sender: Sender,
  need: NeedRow,
  rating: { score: number; comment: string | null },
  household?: Household,
): void {
  if (rating.comment) refusePersonalData('comment', rating.comment, household);
  applyTransition(work, tree, sender, need, 'rate', {
    patch: { rating: rating.score, ratingComment: rating.comment },
    note: rating.comment,
  });
}

/**
 * 解除 by an officer or the volunteer: the need goes back to open, without its volunteer, visits
 * and rating. Returns who is told: the creator when the volunteer released it, else the volunteer.
 */
export function releaseNeed(
  work: Work,
  tree: UnitTree,
  sender: Sender,
  need: NeedRow,
  reason: string | null,
  household?: Household,
): StoredActor | null {
  if (reason) refusePersonalData('reason', reason, household);
  const volunteerId = need.volunteerId;
  applyTransition(work, tree, sender, need, 'release', {
    patch: { volunteerId: null, lastVisitAt: null, rating: null, ratingComment: null },
    note: reason,
  });
  if (volunteerId && volunteerId === sender.member?.id) return creatorOf(need);
  return volunteerId ? { memberId: volunteerId, identity: null } : null;
}

/**
 * 结案 after the rating. The household's data is no longer needed: its fields and any unconfirmed
 * intake are erased in the same batch. Returns whether fields were erased.
 */
export function closeNeed(work: Work, tree: UnitTree, sender: Sender, need: NeedRow): boolean {
  const erase = holdsHousehold(need);
  const patch = erase ? erasurePatch('closed', storedActor(actorOf(sender)), work.now.getTime()) : {};
  applyTransition(work, tree, sender, need, 'close', { patch });
  eraseDrafts(work, [need.id]);
  return erase;
}
