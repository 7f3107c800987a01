import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { duesBases, duesPayments, duesReversals } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { UnitTree } from '../org/units.js';
import { duesMembers } from './roll.js';
import { monthKey, parseMonthKey } from './months.js';

/** How one unit's dues stand for one month, without opening any base (for the dashboard). */
export interface DuesUnitSummary {
  unitId: string;
  /** "2026-12". */
  month: string;
  /** Party members who owe this month (a base recorded from this month or earlier, not 免交). */
  owing: number;
  /** Of them, those with a payment recorded for the month (part payments count). */
  paid: number;
  unpaid: number;
  /** Party members with no base recorded yet. */
  noBasis: number;
  /** Collected for the month in the unit's ledger, payments that stand, in fen. */
  collectedCents: number;
}

/**
 * The dues of each unit for one month ("2026-12"), for the dashboard: counts and the amount
 * collected, computed from the ledger without the data key (bases stay sealed). A unit keeps the
 * dues of its own members and of its 党小组 (services/dues/access.ts duesUnitOf); an unknown unit
 * id or month gives no entry.
 */
export async function duesSummary(db: Db, unitIds: readonly string[], month: string): Promise<DuesUnitSummary[]> {
  const m = parseMonthKey(month);
  if (m === null || unitIds.length === 0) return [];
  const tree = await UnitTree.load(db);
  const out: DuesUnitSummary[] = [];
  for (const unitId of unitIds) {
    const unit = tree.get(unitId);
    if (!unit) continue;
    const people = await duesMembers(db, tree, unit);
    const ids = people.map((p) => p.id);
    // The basis that applies this month, per member: the latest row from this month or before.
    const bases = ids.length
      ? await db
          .select({ memberId: duesBases.memberId, kind: duesBases.kind, fixed: duesBases.fixedCents })
          .from(duesBases)
          .where(and(inArray(duesBases.memberId, ids), lte(duesBases.fromMonth, m)))
          .orderBy(duesBases.fromMonth, duesBases.id)
      : [];
    const anyBasis = ids.length
      ? await db
          .selectDistinct({ memberId: duesBases.memberId })
          .from(duesBases)
          .where(inArray(duesBases.memberId, ids))
      : [];
    const applies = new Map<string, { kind: string; fixed: number | null }>();
    for (const b of bases) applies.set(b.memberId, b);
    const owingIds = [...applies].filter(([, b]) => !(b.kind === 'fixed' && (b.fixed ?? 0) === 0)).map(([id]) => id);
    const payments = await db
      .select({
        memberId: duesPayments.memberId,
        cents: sql<number>`sum(${duesPayments.amountCents})`.mapWith(Number),
      })
      .from(duesPayments)
      .leftJoin(duesReversals, eq(duesReversals.paymentId, duesPayments.id))
      .where(and(eq(duesPayments.unitId, unit.id), eq(duesPayments.month, m), isNull(duesReversals.paymentId)))
      .groupBy(duesPayments.memberId);
    const payers = new Set(payments.map((p) => p.memberId));
    const paid = owingIds.filter((id) => payers.has(id)).length;
    out.push({
      unitId: unit.id,
      month: monthKey(m),
      owing: owingIds.length,
      paid,
      unpaid: owingIds.length - paid,
      noBasis: ids.length - anyBasis.length,
      collectedCents: payments.reduce((s, p) => s + p.cents, 0),
    });
  }
  return out;
}
