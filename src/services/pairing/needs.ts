import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { members, needEvents, needs } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { ActorRef } from '../../contracts/identity.js';
import { canManage, type Sender } from '../org/identity.js';
import type { UnitTree } from '../org/units.js';
import type { Work } from '../../contracts/work.js';
import { actorOf, storedActor, type StoredActor } from './actors.js';
import { pairingError } from './errors.js';
import { transition, type Actor, type NeedEvent, type NeedStatus, type TransitionRefusal } from './lifecycle.js';
import type { NeedType, Urgency } from './skills.js';

export type NeedRow = typeof needs.$inferSelect;

export const MAX_DESCRIPTION_CHARS = 200;
export const MAX_AREA_CHARS = 30;
/** Most needs one 需求列表 answer shows. */
export const MAX_LISTED_NEEDS = 30;

/** The next human-facing need number; a race on it is a primary-key conflict and a retry. */
export async function nextNeedId(db: Db): Promise<number> {
  const rows = await db.select({ max: sql<number | null>`max(${needs.id})` }).from(needs);
  return (rows[0]?.max ?? 0) + 1;
}

export interface NewNeed {
  id: number;
  unitId: string;
  type: NeedType;
  description: string;
  area: string;
  urgency: Urgency;
  timeMask: number;
  creator: ActorRef;
}

/** Registers a need (no personal data: that is collected separately, in a direct chat). */
export function createNeed(work: Work, input: NewNeed): NeedRow {
  const now = work.now.getTime();
  const { creator, ...need } = input;
  const by = storedActor(creator);
  const row: Omit<NeedRow, 'createdBy'> = {
    ...need,
    createdByMemberId: by.memberId,
    createdByIdentity: by.identity,
    status: 'open',
    version: 0,
    volunteerId: null,
    createdAt: now,
    statusAt: now,
    lastVisitAt: null,
    rating: null,
    ratingComment: null,
    ...NO_HOUSEHOLD,
    ...NOT_ERASED,
  };
  work.write(work.db.insert(needs).values(row));
  return row;
}

/** A need's household columns when nothing is recorded (a new need, or one being entered again). */
export const NO_HOUSEHOLD = {
  consent: null,
  consentAt: null,
  consentByMemberId: null,
  consentByIdentity: null,
  nameEnc: null,
  phoneEnc: null,
  addressEnc: null,
} as const;

/** The columns of a need on which nothing was erased (a new need, or data entered again). */
export const NOT_ERASED = {
  householdErasedAt: null,
  householdErasedCause: null,
  householdErasedByMemberId: null,
  householdErasedByIdentity: null,
} as const;

/** A need by number, or a refusal naming the number. */
export async function loadNeed(db: Db, id: number): Promise<NeedRow> {
  const rows = await db.select().from(needs).where(eq(needs.id, id)).limit(1);
  if (!rows[0]) throw pairingError('pairing.need_not_found', { id });
  return rows[0];
}

/** A need by number with its volunteer's name (for the 需求 detail view), or a refusal naming the number. */
export async function loadNeedDetail(db: Db, id: number): Promise<{ need: NeedRow; volunteerName: string | null }> {
  const rows = await db
    .select({ need: needs, volunteerName: members.name })
    .from(needs)
    .leftJoin(members, eq(members.id, needs.volunteerId))
    .where(eq(needs.id, id))
    .limit(1);
  if (!rows[0]) throw pairingError('pairing.need_not_found', { id });
  return rows[0];
}

/** How the sender relates to a need: its assigned volunteer, an officer over its unit, both or neither. */
export function actorsFor(sender: Sender, tree: UnitTree, need: NeedRow): Actor[] {
  const out: Actor[] = [];
  if (sender.member && need.volunteerId === sender.member.id) out.push('volunteer');
  if (canManage(sender, tree, need.unitId)) out.push('officer');
  return out;
}

/** Refuses anyone who is neither an officer over the need's unit nor its assigned volunteer. */
export function requireActor(sender: Sender, tree: UnitTree, need: NeedRow, only?: Actor): Actor[] {
  const actors = actorsFor(sender, tree, need).filter((a) => !only || a === only);
  if (actors.length === 0) {
    throw pairingError(only === 'officer' ? 'pairing.not_officer' : 'pairing.not_yours', { id: need.id });
  }
  return actors;
}

/** Refuses `event` by `actor` on the need as it stands (for steps that only look ahead, such as 结对). */
export function requireTransition(need: NeedRow, event: NeedEvent, actor: Actor): void {
  const r = transition(need.status, event, actor);
  if (!r.ok) throw pairingError('pairing.transition_refused', { id: need.id, refusal: r });
}

/**
 * Moves a need through `event` as the first of the sender's roles that may, writing the new state
 * and a history row (whose key makes racing transitions conflict). Refusals name the current state.
 */
export function applyTransition(
  work: Work,
  tree: UnitTree,
  sender: Sender,
  need: NeedRow,
  event: NeedEvent,
  change: { patch?: Partial<NeedRow>; note?: string | null } = {},
): NeedStatus {
  const results = requireActor(sender, tree, need).map((a) => transition(need.status, event, a));
  const ok = results.find((r) => r.ok);
  if (!ok || !ok.ok) {
    const refusals = results.filter((r): r is { ok: false } & TransitionRefusal => !r.ok);
    const refusal: TransitionRefusal = refusals.find((r) => r.reason === 'state') ?? refusals[0]!;
    throw pairingError('pairing.transition_refused', { id: need.id, refusal });
  }
  const actor = storedActor(actorOf(sender));
  const now = work.now.getTime();
  const patch = change.patch ?? {};
  const statusChanged = ok.to !== need.status;
  work.write(
    work.db
      .update(needs)
      .set({ ...patch, status: ok.to, version: need.version + 1, ...(statusChanged ? { statusAt: now } : {}) })
      .where(eq(needs.id, need.id)),
    work.db.insert(needEvents).values({
      needId: need.id,
      seq: need.version + 1,
      event,
      fromStatus: need.status,
      toStatus: ok.to,
      actorMemberId: actor.memberId,
      actorIdentity: actor.identity,
      volunteerId: patch.volunteerId !== undefined ? patch.volunteerId : need.volunteerId,
      at: now,
      note: change.note ?? null,
    }),
  );
  return ok.to;
}

const URGENCY_ORDER = sql`CASE ${needs.urgency} WHEN 'critical' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END`;

/** Needs of some units in some states, most urgent first, with the volunteer's name. */
export async function listNeeds(db: Db, unitIds: string[], statuses: readonly NeedStatus[]) {
  if (unitIds.length === 0) return [];
  return db
    .select({ need: needs, volunteerName: members.name })
    .from(needs)
    .leftJoin(members, eq(members.id, needs.volunteerId))
    .where(and(inArray(needs.unitId, unitIds), inArray(needs.status, [...statuses])))
    .orderBy(URGENCY_ORDER, asc(needs.status), desc(needs.id))
    .limit(MAX_LISTED_NEEDS + 1);
}

/** Whether the household's contact data is recorded (for lists and replies, without the data). */
export type HouseholdState = 'declined' | 'recorded' | 'pending' | 'erased';

export function householdState(
  need: Pick<NeedRow, 'consent' | 'nameEnc' | 'phoneEnc' | 'addressEnc' | 'householdErasedAt'>,
): HouseholdState {
  const fields = need.nameEnc || need.phoneEnc || need.addressEnc;
  if (need.householdErasedAt !== null && !fields) return 'erased';
  if (need.consent === false) return 'declined';
  if (need.consent && need.nameEnc && need.phoneEnc && need.addressEnc) return 'recorded';
  return 'pending';
}

/** Who registered a need (migrations/0008_actor_data.sql filled this in for older rows). */
export function creatorOf(need: Pick<NeedRow, 'createdByMemberId' | 'createdByIdentity'>): StoredActor {
  return { memberId: need.createdByMemberId, identity: need.createdByIdentity };
}
