// What a member owes and has paid, month by month: pure functions over the basis history and the
// payments, table-tested in test/src/services/dues/statement.test.ts.
import { duesError } from './errors.js';
import { monthRange, type Month } from './months.js';
import { monthlyDueCents, type DuesBasis } from './tiers.js';

/** One row of the basis history: applies from `fromMonth` on, until a later row's month. */
export interface BasisVersion {
  fromMonth: Month;
  basis: DuesBasis;
}

/** How a month stands: paid in full, part paid, nothing paid, or nothing due (免交). */
export type MonthState = 'paid' | 'short' | 'unpaid' | 'exempt';

export interface MonthLine {
  month: Month;
  dueCents: number;
  paidCents: number;
  state: MonthState;
}

/** The first month owed: the month of the first basis (预备党员: the month they were accepted). */
export function startMonth(history: readonly BasisVersion[]): Month | null {
  let first: Month | null = null;
  for (const v of history) if (first === null || v.fromMonth < first) first = v.fromMonth;
  return first;
}

/**
 * The basis of `month`: the row with the latest `fromMonth` not after it; of rows with the same
 * month, the one set last (history is in the order it was set). Null before the first month.
 */
export function basisFor(history: readonly BasisVersion[], month: Month): DuesBasis | null {
  let best: BasisVersion | null = null;
  for (const v of history) if (v.fromMonth <= month && (!best || v.fromMonth >= best.fromMonth)) best = v;
  return best?.basis ?? null;
}

function stateOf(due: number, paid: number): MonthState {
  if (due === 0) return paid > 0 ? 'paid' : 'exempt';
  if (paid >= due) return 'paid';
  return paid > 0 ? 'short' : 'unpaid';
}

/** The months from `from` to `to` that the member owes (none before their first month). */
export function statement(
  history: readonly BasisVersion[],
  paid: ReadonlyMap<Month, number>,
  from: Month,
  to: Month,
): MonthLine[] {
  const out: MonthLine[] = [];
  for (const month of monthRange(from, to)) {
    const basis = basisFor(history, month);
    if (!basis) continue;
    const dueCents = monthlyDueCents(basis);
    const paidCents = paid.get(month) ?? 0;
    out.push({ month, dueCents, paidCents, state: stateOf(dueCents, paidCents) });
  }
  return out;
}

/** Months not paid at all, counted back from the last line (连续未交): what 3/5/6-month flags count. */
export function monthsBehind(lines: readonly MonthLine[]): number {
  let n = 0;
  for (let i = lines.length - 1; i >= 0 && lines[i]!.state === 'unpaid'; i--) n++;
  return n;
}

/** Lines still owing something (nothing or part paid). */
export function owing(lines: readonly MonthLine[]): MonthLine[] {
  return lines.filter((l) => l.state === 'unpaid' || l.state === 'short');
}

/** What is still owed on a line, in fen. */
export const remainder = (l: MonthLine): number => Math.max(0, l.dueCents - l.paidCents);

/** One payment to record: a month and its amount. */
export interface PaymentPart {
  month: Month;
  cents: number;
}

/**
 * Splits a payment over the months it is for (交党费):
 * - without an amount, each month gets what it still owes (a part-paid month its remainder);
 * - with an amount for one month, that month gets it (less than due leaves it short, more is
 *   自愿多交);
 * - with an amount for several months, it must cover what they owe; any excess goes to the last.
 * Months before the first month owed, and months already settled, are refused.
 */
export function planPayment(
  name: string,
  history: readonly BasisVersion[],
  paid: ReadonlyMap<Month, number>,
  months: readonly Month[],
  amountCents: number | null,
): PaymentPart[] {
  const start = startMonth(history);
  if (start === null) throw duesError('dues.no_basis', { name });
  const early = months.filter((m) => m < start);
  if (early.length) throw duesError('dues.before_start', { name, start, months: early });
  const lines = months.map((m) => statement(history, paid, m, m)[0]!);
  const settled = lines.filter((l) => l.state === 'paid' || l.state === 'exempt').map((l) => l.month);
  if (settled.length) throw duesError('dues.already_paid', { name, months: settled });
  if (amountCents === null) return lines.map((l) => ({ month: l.month, cents: remainder(l) }));
  if (lines.length === 1) return [{ month: lines[0]!.month, cents: amountCents }];
  const needed = lines.reduce((sum, l) => sum + remainder(l), 0);
  if (amountCents < needed) throw duesError('dues.amount_short', { neededCents: needed, givenCents: amountCents });
  const parts = lines.map((l) => ({ month: l.month, cents: remainder(l) }));
  parts[parts.length - 1]!.cents += amountCents - needed;
  return parts;
}
