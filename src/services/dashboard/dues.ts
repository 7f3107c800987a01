// The hook for 党费 (issue 22): once its ledger lands, this is the one place that reads it for the
// dashboard. Until then it answers null and the pages leave the dues figures out.
import type { Db } from '../../contracts/store.js';

/** A unit's dues for the current month, as the branch page and the 党委 rows show them. */
export interface DuesFigures {
  /** "2026-12" */
  month: string;
  /** Members who owe dues this month. */
  members: number;
  paid: number;
  unpaid: number;
  /** Total paid this month, in 分. */
  paidFen: number;
}

/** This month's dues of the members of `unitIds`; null while Pioneer keeps no dues ledger. */
export async function duesFigures(_db: Db, _unitIds: readonly string[], _now: Date): Promise<DuesFigures | null> {
  return null;
}
