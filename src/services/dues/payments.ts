import { and, asc, eq, gte, inArray, isNull, lte, max, sql } from 'drizzle-orm';
import { duesPayments, duesReversals } from '../../db/schema.js';
import { actorIdentity } from '../../contracts/identity.js';
import type { Db } from '../../contracts/store.js';
import type { Work } from '../../contracts/work.js';
import type { MemberRecord } from '../org/identity.js';
import type { Unit } from '../org/units.js';
import { auditDues, type Origin } from './audit.js';
import { duesError } from './errors.js';
import type { Month } from './months.js';
import type { PaymentPart } from './statement.js';

/** Longest reason of a reversal, and name of a 代交 payer, in characters. */
export const MAX_REVERSAL_REASON_CHARS = 100;
export const MAX_PROXY_NAME_CHARS = 20;

/** A payment as the ledger shows it, with its reversal if any. */
export interface PaymentRow {
  id: number;
  memberId: string;
  unitId: string;
  month: Month;
  amountCents: number;
  proxy: boolean;
  proxyName: string | null;
  recordedAt: number;
  reversedAt: number | null;
  reversalReason: string | null;
}

/**
 * Records one payment row per month (交党费, 代交), numbered on from the highest number so far; two
 * officers recording at once collide on the primary key and one is re-run. Audited.
 */
export async function recordPayments(
  work: Work,
  origin: Origin,
  p: { member: MemberRecord; unit: Unit; parts: readonly PaymentPart[]; proxy: boolean; proxyName: string | null },
): Promise<number[]> {
  const top = await work.db.select({ n: max(duesPayments.id) }).from(duesPayments);
  const first = (top[0]?.n ?? 0) + 1;
  const ids = p.parts.map((_, i) => first + i);
  work.write(
    work.db.insert(duesPayments).values(
      p.parts.map((part, i) => ({
        id: ids[i]!,
        memberId: p.member.id,
        unitId: p.unit.id,
        month: part.month,
        amountCents: part.cents,
        proxy: p.proxy,
        proxyName: p.proxyName,
        recordedByMemberId: origin.actor.memberId,
        recordedByIdentity: actorIdentity(origin.actor),
        recordedAt: work.now.getTime(),
      })),
    ),
  );
  p.parts.forEach((part, i) =>
    auditDues(work, origin, {
      action: 'dues.payment',
      unitId: p.unit.id,
      target: `payment:${ids[i]}`,
      detail: { member: p.member.id, month: part.month, amountCents: part.cents, proxy: p.proxy },
    }),
  );
  return ids;
}

/** One payment with its reversal, or null. */
export async function loadPayment(db: Db, id: number): Promise<PaymentRow | null> {
  const rows = await paymentQuery(db).where(eq(duesPayments.id, id)).limit(1);
  return rows[0] ?? null;
}

function paymentQuery(db: Db) {
  return db
    .select({
      id: duesPayments.id,
      memberId: duesPayments.memberId,
      unitId: duesPayments.unitId,
      month: duesPayments.month,
      amountCents: duesPayments.amountCents,
      proxy: duesPayments.proxy,
      proxyName: duesPayments.proxyName,
      recordedAt: duesPayments.recordedAt,
      reversedAt: duesReversals.at,
      reversalReason: duesReversals.reason,
    })
    .from(duesPayments)
    .leftJoin(duesReversals, eq(duesReversals.paymentId, duesPayments.id));
}

/**
 * Reverses a payment (撤销) with a reason: a new row in dues_reversals, the payment itself is
 * never changed. The caller has checked the sender may manage the payment's unit.
 */
export function reversePayment(work: Work, origin: Origin, payment: PaymentRow, reason: string): void {
  if (payment.reversedAt !== null) throw duesError('dues.already_reversed', { id: payment.id });
  work.write(
    work.db.insert(duesReversals).values({
      paymentId: payment.id,
      reason,
      byMemberId: origin.actor.memberId,
      byIdentity: actorIdentity(origin.actor),
      at: work.now.getTime(),
    }),
  );
  auditDues(work, origin, {
    action: 'dues.payment.reverse',
    unitId: payment.unitId,
    target: `payment:${payment.id}`,
    detail: { member: payment.memberId, month: payment.month, amountCents: payment.amountCents, reason },
  });
}

/** Sums of the payments that stand (not reversed), by member and month, for months in [from, to]. */
export async function paidByMonth(
  db: Db,
  memberIds: readonly string[],
  from: Month,
  to: Month,
): Promise<Map<string, Map<Month, number>>> {
  const out = new Map<string, Map<Month, number>>();
  if (memberIds.length === 0) return out;
  const rows = await db
    .select({
      memberId: duesPayments.memberId,
      month: duesPayments.month,
      cents: sql<number>`sum(${duesPayments.amountCents})`.mapWith(Number),
    })
    .from(duesPayments)
    .leftJoin(duesReversals, eq(duesReversals.paymentId, duesPayments.id))
    .where(
      and(
        inArray(duesPayments.memberId, [...memberIds]),
        gte(duesPayments.month, from),
        lte(duesPayments.month, to),
        isNull(duesReversals.paymentId),
      ),
    )
    .groupBy(duesPayments.memberId, duesPayments.month);
  for (const r of rows) {
    const m = out.get(r.memberId) ?? new Map<Month, number>();
    m.set(r.month, r.cents);
    out.set(r.memberId, m);
  }
  return out;
}

/** Every payment recorded in a unit's ledger for months in [from, to], reversed ones too, by number. */
export async function unitPayments(db: Db, unitId: string, from: Month, to: Month): Promise<PaymentRow[]> {
  return paymentQuery(db)
    .where(and(eq(duesPayments.unitId, unitId), gte(duesPayments.month, from), lte(duesPayments.month, to)))
    .orderBy(asc(duesPayments.id));
}

/** Member ids with payments in a unit's ledger for months in [from, to] (people who since moved on). */
export async function payersIn(db: Db, unitIds: readonly string[], from: Month, to: Month): Promise<string[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ memberId: duesPayments.memberId })
    .from(duesPayments)
    .where(and(inArray(duesPayments.unitId, [...unitIds]), gte(duesPayments.month, from), lte(duesPayments.month, to)));
  return rows.map((r) => r.memberId);
}
