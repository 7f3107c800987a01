import { inArray } from 'drizzle-orm';
import { members } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { Keyring } from '../crypto.js';
import type { MemberRecord } from '../org/identity.js';
import type { Unit, UnitTree } from '../org/units.js';
import { duesUnitOf, isPartyMember } from './access.js';
import { openHistory, storedBases } from './bases.js';
import type { Month } from './months.js';
import { paidByMonth, payersIn } from './payments.js';
import { basisFor, statement, type BasisVersion, type MonthLine } from './statement.js';
import type { DuesBasis } from './tiers.js';

/** One member's dues over a span of months. */
export interface MemberDues {
  member: MemberRecord;
  /** The basis history, opened; empty when no base has been recorded yet. */
  history: BasisVersion[];
  /** The basis of the span's last month (null: none yet). */
  basis: DuesBasis | null;
  /** Each month of the span the member owes (none before their first month). */
  lines: MonthLine[];
}

/** Roster order: 书记, 委员, then members, by name. */
const ROLE_RANK: ReadonlyMap<string, number> = new Map([
  ['secretary', 0],
  ['committee', 1],
  ['member', 2],
]);

/** The units whose members' dues `unit` keeps: itself and the 党小组 below it. */
export function keptUnits(tree: UnitTree, unit: Unit): Unit[] {
  return tree.subtree(unit.id).filter((u) => duesUnitOf(tree, u.id)?.id === unit.id);
}

/** Everyone in the units whose dues `unit` keeps, party members or not. */
export async function keptMembers(db: Db, tree: UnitTree, unit: Unit): Promise<MemberRecord[]> {
  const ids = keptUnits(tree, unit).map((u) => u.id);
  return ids.length ? db.select().from(members).where(inArray(members.unitId, ids)) : [];
}

/** The party members whose dues a unit keeps now. */
export async function duesMembers(db: Db, tree: UnitTree, unit: Unit): Promise<MemberRecord[]> {
  return (await keptMembers(db, tree, unit)).filter(isPartyMember);
}

/** One member's dues over [from, to] (我的党费, 交党费). */
export async function memberDues(db: Db, ring: Keyring, member: MemberRecord, from: Month, to: Month) {
  const [one] = await dues(db, ring, [member], from, to);
  return one!;
}

async function dues(
  db: Db,
  ring: Keyring,
  people: readonly MemberRecord[],
  from: Month,
  to: Month,
): Promise<MemberDues[]> {
  const ids = people.map((m) => m.id);
  const [bases, paid] = await Promise.all([storedBases(db, ids), paidByMonth(db, ids, from, to)]);
  return Promise.all(
    people.map(async (member) => {
      const history = await openHistory(ring, bases.get(member.id) ?? [], member.name);
      const lines = statement(history, paid.get(member.id) ?? new Map(), from, to);
      return { member, history, basis: basisFor(history, to), lines };
    }),
  );
}

/**
 * Everyone in a unit's dues over [from, to]: its party members now, and anyone who paid into its
 * ledger in that span and has since moved on. Officers first, then by name.
 */
export async function unitDues(
  db: Db,
  ring: Keyring,
  tree: UnitTree,
  unit: Unit,
  from: Month,
  to: Month,
): Promise<MemberDues[]> {
  const current = await duesMembers(db, tree, unit);
  const known = new Set(current.map((m) => m.id));
  const gone = (await payersIn(db, [unit.id], from, to)).filter((id) => !known.has(id));
  const former = gone.length ? await db.select().from(members).where(inArray(members.id, gone)) : [];
  const people = [...current, ...former].sort(
    (a, b) => (ROLE_RANK.get(a.role) ?? 9) - (ROLE_RANK.get(b.role) ?? 9) || a.name.localeCompare(b.name, 'zh'),
  );
  return dues(db, ring, people, from, to);
}
