import { and, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { conversations, needs } from '../../db/schema.js';
import type { Db, Store } from '../../contracts/store.js';
import { Work } from '../../contracts/work.js';
import type { Sender } from '../org/identity.js';
import type { UnitTree } from '../org/units.js';
import { actorOf, storedActor, type StoredActor } from './actors.js';
import { pairingError } from './errors.js';
import { requireActor, type NeedRow } from './needs.js';
import { HOUSEHOLD_CONVERSATION, refusePersonalData, type Household } from './privacy.js';

// Erasing a household's personal data (PIPL: kept no longer than needed): at 结案, when a released
// need is not assigned again in time, by an officer (删除住户), or when the household withdraws its
// consent (撤回同意). The sealed fields are set to null and the unconfirmed answers of open intakes
// deleted; the embedded store overwrites freed bytes (PRAGMA secure_delete, src/db/local.ts), so
// after the next checkpoint neither the database file nor its WAL holds them. What was erased, when,
// why and by whom stays on the need and in the audit log.

export const ERASURE_CAUSES = ['closed', 'released', 'officer', 'withdrawn'] as const;
export type ErasureCause = (typeof ERASURE_CAUSES)[number];

/** Most needs the pairing job erases per run (a small batch; the rest go at the next run). */
export const ERASE_BATCH_SIZE = 100;
const DAY_MS = 86_400_000;

type SealedColumns = Pick<NeedRow, 'nameEnc' | 'phoneEnc' | 'addressEnc'>;

/** Whether a need holds any of the household's sealed fields. */
export function holdsHousehold(need: SealedColumns): boolean {
  return !!(need.nameEnc || need.phoneEnc || need.addressEnc);
}

/** The columns that erase a need's household fields and record the erasure. */
export function erasurePatch(cause: ErasureCause, by: StoredActor | null, at: number) {
  return {
    nameEnc: null,
    phoneEnc: null,
    addressEnc: null,
    householdErasedAt: at,
    householdErasedCause: cause,
    householdErasedByMemberId: by?.memberId ?? null,
    householdErasedByIdentity: by?.identity ?? null,
  } satisfies Partial<NeedRow>;
}

/** Deletes the unconfirmed intake answers of these needs (sealed in open exchanges, whoever holds them). */
export function eraseDrafts(work: Work, needIds: readonly number[]): void {
  if (needIds.length === 0) return;
  const needOf = sql`json_extract(${conversations.state}, '$.needId')`;
  work.write(
    work.db
      .delete(conversations)
      .where(and(eq(conversations.kind, HOUSEHOLD_CONVERSATION), inArray(needOf, [...needIds]))),
  );
}

/** Whether anyone has an unconfirmed intake of the need open. */
async function hasDraft(db: Db, needId: number): Promise<boolean> {
  const needOf = sql`json_extract(${conversations.state}, '$.needId')`;
  const rows = await db
    .select({ kind: conversations.kind })
    .from(conversations)
    .where(and(eq(conversations.kind, HOUSEHOLD_CONVERSATION), eq(needOf, needId)))
    .limit(1);
  return rows.length > 0;
}

/** What a need shows of an erasure: when, why, by whom; null while its household data is not erased. */
export interface Erasure {
  at: number;
  cause: ErasureCause;
  by: StoredActor | null;
}

export function erasureOf(
  need: SealedColumns &
    Pick<
      NeedRow,
      'householdErasedAt' | 'householdErasedCause' | 'householdErasedByMemberId' | 'householdErasedByIdentity'
    >,
): Erasure | null {
  if (need.householdErasedAt === null || !need.householdErasedCause || holdsHousehold(need)) return null;
  const by = need.householdErasedByIdentity
    ? { memberId: need.householdErasedByMemberId, identity: need.householdErasedByIdentity }
    : null;
  return { at: need.householdErasedAt, cause: need.householdErasedCause, by };
}

/**
 * 删除住户 / 撤回同意 by an officer over the need's unit, with a reason free of personal data: the
 * fields and any unconfirmed intake are erased. A withdrawal also records the household's refusal
 * (consent false), so no intake asks again unless it says yes anew; 删除住户 with nothing to erase is
 * refused. Returns whether fields were erased.
 */
export async function eraseHousehold(
  work: Work,
  tree: UnitTree,
  sender: Sender,
  need: NeedRow,
  change: { cause: 'officer' | 'withdrawn'; reason: string | null },
  household?: Household,
): Promise<boolean> {
  requireActor(sender, tree, need, 'officer');
  if (change.reason) refusePersonalData('reason', change.reason, household);
  const fields = holdsHousehold(need);
  if (change.cause === 'officer' && !fields && !(await hasDraft(work.db, need.id))) {
    throw pairingError('pairing.household_none', { id: need.id });
  }
  const by = storedActor(actorOf(sender));
  const at = work.now.getTime();
  const consent =
    change.cause === 'withdrawn'
      ? { consent: false, consentAt: at, consentByMemberId: by.memberId, consentByIdentity: by.identity }
      : {};
  // With only unconfirmed answers to erase (an intake in progress) the need's fields stay as they
  // are; an earlier erasure's record is kept when there is nothing new to erase.
  if (fields || change.cause === 'withdrawn') {
    const patch = { ...(fields ? erasurePatch(change.cause, by, at) : {}), ...consent };
    work.write(work.db.update(needs).set(patch).where(eq(needs.id, need.id)));
  }
  eraseDrafts(work, [need.id]);
  return fields;
}

/**
 * The pairing job's part: erases the household fields of needs released (解除, back to open) and not
 * assigned again within `keptDays` of the release or of the data's entry, whichever is later; at most
 * ERASE_BATCH_SIZE per run. Each erasure is audited (actor "scheduler"). Returns how many it erased.
 */
export async function eraseReleasedHouseholds(
  deps: { store: Store },
  now: Date,
  keptDays: number,
  limit = ERASE_BATCH_SIZE,
): Promise<number> {
  const db = deps.store.db;
  const t = now.getTime();
  const before = t - keptDays * DAY_MS;
  // Open with a history (version > 0) is a released need; a new one waits for its first 派单.
  const due = and(
    eq(needs.status, 'open'),
    gt(needs.version, 0),
    lte(needs.statusAt, before),
    or(isNull(needs.consentAt), lte(needs.consentAt, before)),
    or(isNotNull(needs.nameEnc), isNotNull(needs.phoneEnc), isNotNull(needs.addressEnc)),
  );
  const rows = await db.select({ id: needs.id }).from(needs).where(due).orderBy(needs.id).limit(limit);
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.id);
  const work = new Work(db, now);
  const detail = JSON.stringify({ cause: 'released', keptDays });
  // The audit rows first, from the same condition as the update: a need assigned again meanwhile
  // is neither erased nor reported as erased.
  work.write(
    db.run(sql`INSERT INTO audit_log (at, actor, action, unit_id, target, detail)
      SELECT ${t}, 'scheduler', 'pairing.household.erase', ${needs.unitId}, 'need:' || ${needs.id}, ${detail}
      FROM ${needs} WHERE ${and(inArray(needs.id, ids), due)}`),
    db
      .update(needs)
      .set(erasurePatch('released', null, t))
      .where(and(inArray(needs.id, ids), due)),
  );
  eraseDrafts(work, ids);
  await deps.store.batch(work.writes);
  return ids.length;
}
