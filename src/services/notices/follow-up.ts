import type { Db } from '../../contracts/store.js';
import type { PlatformCapabilities, ReadReceipts } from '../../contracts/adapter.js';
import type { Logger } from '../../contracts/log.js';
import type { Work } from '../../contracts/work.js';
import type { MemberRecord, Sender } from '../org/identity.js';
import type { Unit, UnitTree } from '../org/units.js';
import { acksOf, expectedMembers, noticeForOfficer, type Notice } from './audience.js';
import { refreshReads } from './reads.js';
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
  const expected = await expectedMembers(
    db,
    units.map((u) => u.id),
    notice,
  );
  const acks = await acksOf(db, notice.id);
  // One pass over the members (a whole-district notice expects 50,000 across 1,000 units).
  const byUnit = new Map<string | null, MemberRecord[]>();
  for (const m of expected) {
    const list = byUnit.get(m.unitId);
    if (list) list.push(m);
    else byUnit.set(m.unitId, [m]);
  }
  const out = units.map((unit) => {
    const mine = byUnit.get(unit.id) ?? [];
    return { unit, expected: mine.length, pending: mine.filter((m) => !acks.has(m.id)) };
  });
  const pending = out.reduce((n, u) => n + u.pending.length, 0);
  return { notice, expected: expected.length, confirmed: expected.length - pending, units: out };
}

/** 未读's report: per unit, who confirmed, read, did not read, cannot be reached. */
export interface ReceiptsReport {
  notice: Notice;
  confirmed: number;
  expected: number;
  units: UnitReceipts[];
}

/**
 * 未读: asks the platforms who read the notice's messages (refreshReads: at most once per
 * NOTICE_READS_REFRESH_MS per message) and sorts the unconfirmed of each unit the actor follows.
 */
export async function receiptsReport(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  id: number | undefined,
  deps: {
    platforms: ReadonlyMap<string, PlatformCapabilities>;
    receipts?: ReadonlyMap<string, ReadReceipts>;
    log?: Logger;
  },
): Promise<ReceiptsReport> {
  const r = await unreadReport(work.db, tree, actor, id, work.now);
  const readers = await refreshReads(work, r.notice.id, deps.receipts, deps.log);
  const units = await classify(work.db, r.notice.id, r.units, readers, deps.platforms);
  return { ...r, units };
}
