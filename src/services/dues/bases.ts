import { asc, inArray } from 'drizzle-orm';
import { duesBases } from '../../db/schema.js';
import { actorIdentity } from '../../contracts/identity.js';
import type { Db } from '../../contracts/store.js';
import type { Work } from '../../contracts/work.js';
import { SealError, type Keyring } from '../crypto.js';
import type { MemberRecord } from '../org/identity.js';
import type { Unit } from '../org/units.js';
import { auditDues, type Origin } from './audit.js';
import { duesError } from './errors.js';
import type { Month } from './months.js';
import type { BasisVersion } from './statement.js';
import type { DuesBasis, DuesKind } from './tiers.js';

/** Additional authenticated data of a sealed base: its member and month, so a copied value fails. */
export function baseAad(memberId: string, fromMonth: Month): string {
  return `dues:${memberId}:${fromMonth}:base`;
}

/** A basis row as stored, before its base is opened. */
export interface StoredBasis {
  memberId: string;
  fromMonth: Month;
  kind: DuesKind;
  baseEnc: string | null;
  fixedCents: number | null;
}

/**
 * Records a member's basis from `fromMonth` on: a new row (the history is append-only), the base
 * sealed, and an audit entry without the base.
 */
export async function setBasis(
  work: Work,
  ring: Keyring,
  origin: Origin,
  change: { member: MemberRecord; unit: Unit; fromMonth: Month; basis: DuesBasis; source: 'chat' | 'xlsx' },
): Promise<void> {
  const { member, unit, fromMonth, basis, source } = change;
  const baseEnc =
    basis.kind === 'salary' || basis.kind === 'retiree'
      ? await ring.seal(String(basis.baseCents), baseAad(member.id, fromMonth))
      : null;
  work.write(
    work.db.insert(duesBases).values({
      memberId: member.id,
      unitId: unit.id,
      fromMonth,
      kind: basis.kind,
      baseEnc,
      fixedCents: basis.kind === 'fixed' ? basis.fixedCents : null,
      source,
      setByMemberId: origin.actor.memberId,
      setByIdentity: actorIdentity(origin.actor),
      setAt: work.now.getTime(),
    }),
  );
  auditDues(work, origin, {
    action: 'dues.base.set',
    unitId: unit.id,
    target: `member:${member.id}`,
    detail: { fromMonth, kind: basis.kind, source },
  });
}

/** The basis rows of members, in the order they were set, sealed. */
export async function storedBases(db: Db, memberIds: readonly string[]): Promise<Map<string, StoredBasis[]>> {
  const out = new Map<string, StoredBasis[]>();
  if (memberIds.length === 0) return out;
  const rows = await db
    .select({
      memberId: duesBases.memberId,
      fromMonth: duesBases.fromMonth,
      kind: duesBases.kind,
      baseEnc: duesBases.baseEnc,
      fixedCents: duesBases.fixedCents,
    })
    .from(duesBases)
    .where(inArray(duesBases.memberId, [...memberIds]))
    .orderBy(asc(duesBases.id));
  for (const r of rows) out.set(r.memberId, [...(out.get(r.memberId) ?? []), r]);
  return out;
}

/** Opens one stored row; a base that will not open is a refusal naming the member, not a crash. */
export async function openBasis(ring: Keyring, row: StoredBasis, name: string): Promise<DuesBasis> {
  if (row.kind === 'low_income') return { kind: 'low_income' };
  if (row.kind === 'fixed') return { kind: 'fixed', fixedCents: row.fixedCents ?? 0 };
  try {
    const cents = Number(await ring.open(row.baseEnc ?? '', baseAad(row.memberId, row.fromMonth)));
    if (!Number.isSafeInteger(cents)) throw new SealError('not a base');
    return { kind: row.kind, baseCents: cents };
  } catch (err) {
    if (err instanceof SealError) throw duesError('dues.unreadable', { name });
    throw err;
  }
}

/** A member's basis history, opened. */
export async function openHistory(ring: Keyring, rows: readonly StoredBasis[], name: string): Promise<BasisVersion[]> {
  return Promise.all(rows.map(async (r) => ({ fromMonth: r.fromMonth, basis: await openBasis(ring, r, name) })));
}
