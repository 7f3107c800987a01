import type { Db } from '../../contracts/store.js';
import type { PlatformCapabilities, ReadReceipts } from '../../contracts/adapter.js';
import type { Logger } from '../../contracts/log.js';
import type { Work } from '../../contracts/work.js';
import type { MemberRecord, Sender } from '../org/identity.js';
import type { Unit, UnitTree } from '../org/units.js';
import { expectedCounts, noticeForOfficer, pendingMembers, type Notice } from './audience.js';
import { refreshReads } from './reads.js';
import { receiptCounts, splitReceipts, type UnitPending, type UnitReceiptCounts } from './receipt-counts.js';
import { classify, type UnitReceipts } from './report.js';

// Following a notice up: who has not confirmed (未读); the 催办 ladder is in chase.ts.

/** Per target unit (that the actor manages): who has not confirmed. */
export interface UnreadReport {
  notice: Notice;
  confirmed: number;
  expected: number;
  units: { unit: Unit; expected: number; pending: MemberRecord[] }[];
}

export async function unreadReport(
  db: Db,
  tree: UnitTree,
  actor: Sender,
  id: number | undefined,
  now: Date,
): Promise<UnreadReport> {
  const { notice, units } = await noticeForOfficer(db, tree, actor, id, now);
  return unreadOf(db, notice, units);
}

/**
 * How many each unit expects (counted by the database) and who has not confirmed, in roster
 * order: only the unconfirmed are loaded (a whole-district notice expects 50,000 in 1,000 units).
 */
async function unreadOf(db: Db, notice: Notice, units: readonly Unit[]): Promise<UnreadReport> {
  const ids = units.map((u) => u.id);
  const expected = await expectedCounts(db, ids, notice);
  const byUnit = new Map<string | null, MemberRecord[]>();
  for (const m of await pendingMembers(db, ids, notice)) {
    const list = byUnit.get(m.unitId);
    if (list) list.push(m);
    else byUnit.set(m.unitId, [m]);
  }
  const out = units.map((unit) => ({ unit, expected: expected.get(unit.id) ?? 0, pending: byUnit.get(unit.id) ?? [] }));
  const all = out.reduce((n, u) => n + u.expected, 0);
  const pending = out.reduce((n, u) => n + u.pending.length, 0);
  return { notice, expected: all, confirmed: all - pending, units: out };
}

/** 未读's report: per unit, who confirmed, read, did not read, cannot be reached. */
export interface ReceiptsReport {
  notice: Notice;
  confirmed: number;
  expected: number;
  units: UnitReceipts[];
}

/** 未读's report counted, without names: per unit, how many confirmed and how many did not. */
export interface ReceiptsSummary {
  notice: Notice;
  confirmed: number;
  expected: number;
  units: UnitPending[];
}

/** 未读 of one notice: the counts, and the groups or the names of the units the answer shows. */
export interface ReceiptsFollowUp {
  summary: ReceiptsSummary;
  /** The unconfirmed of some of the summary's units counted as read, unread and unreachable. */
  split(units: readonly UnitPending[]): Promise<UnitReceiptCounts[]>;
  /** The same groups by name (loads the unconfirmed members and their accounts). */
  details(): Promise<ReceiptsReport>;
}

/**
 * 未读: asks the platforms who read the notice's messages (refreshReads: at most once per
 * NOTICE_READS_REFRESH_MS per message), counts the unconfirmed of each unit the actor follows,
 * and on demand sorts them into groups (counted, or by name).
 */
export async function followReceipts(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  id: number | undefined,
  deps: {
    platforms: ReadonlyMap<string, PlatformCapabilities>;
    receipts?: ReadonlyMap<string, ReadReceipts>;
    log?: Logger;
  },
): Promise<ReceiptsFollowUp> {
  const { db } = work;
  const { notice, units } = await noticeForOfficer(db, tree, actor, id, work.now);
  const readers = await refreshReads(work, notice.id, deps.receipts, deps.log);
  const counts = await receiptCounts(db, notice, units, deps.platforms, tree);
  const expected = counts.reduce((n, u) => n + u.expected, 0);
  const confirmed = counts.reduce((n, u) => n + u.confirmed, 0);
  return {
    summary: { notice, expected, confirmed, units: counts },
    split: (some) => splitReceipts(db, notice, some, readers.fresh),
    details: async () => {
      const r = await unreadOf(db, notice, units);
      return { ...r, units: await classify(db, notice.id, r.units, readers.known, deps.platforms) };
    },
  };
}
