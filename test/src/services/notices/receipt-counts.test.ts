import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT_SHAPE, seedDistrict, type SeededDistrict } from '../../../../scripts/seed/district.js';
import type { PlatformCapabilities } from '../../../../src/contracts/adapter.js';
import { loadSender } from '../../../../src/services/org/identity.js';
import { UnitTree } from '../../../../src/services/org/units.js';
import { noticeById } from '../../../../src/services/notices/audience.js';
import { unreadReport } from '../../../../src/services/notices/follow-up.js';
import { readersOf } from '../../../../src/services/notices/reads.js';
import {
  receiptCounts,
  splitReceipts,
  type UnitReceiptCounts,
} from '../../../../src/services/notices/receipt-counts.js';
import { classify, type UnitReceipts } from '../../../../src/services/notices/report.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { rows } from '../../../helpers/meetings.js';

// The counts of 未读 from SQL aggregates (a whole-district notice) against the detailed path that
// loads and sorts every unconfirmed member (what a branch is shown), over a 党委 of 40 branches
// where every group occurs: confirmed, read (stored and just told), unread, no chat, no account,
// every send failed, a platform without read receipts, a member who joined after the notice.
const SHAPE = {
  ...DISTRICT_SHAPE,
  generalBranches: 2,
  branchesPerGeneral: 20,
  membersPerBranch: 12,
  meetingsPerBranchPerYear: 0,
  branchNoticesPerMonth: 0,
  districtNoticesPerMonth: 1,
  needsPerBranch: 0,
};
const NOW = new Date('2026-12-07T00:30:00Z');
const caps = (readReceipts: boolean): PlatformCapabilities => ({
  label: 'x',
  maxMentions: 50,
  mentionsInBroadcasts: true,
  idempotencyKeyChars: 0,
  readReceipts,
});
const PLATFORMS = new Map([
  ['lark', caps(true)],
  ['plain', caps(false)],
]);

let t: TestCore;
let seeded: SeededDistrict;
let id: number;
let fresh: Set<string>;

const sql = async (text: string, args: (string | number)[] = []) => t.store.client.execute({ sql: text, args });
/** Unconfirmed member ids of a branch, in id order. */
const pendingOf = async (branch: string) =>
  (
    await rows(
      t,
      `SELECT id FROM members WHERE unit_id = '${branch}'
       AND id NOT IN (SELECT member_id FROM notice_acks WHERE notice_id = ${id}) ORDER BY id`,
    )
  ).map((r) => String(r.id));

beforeAll(async () => {
  t = await createTestCore({ now: NOW.toISOString() });
  seeded = await seedDistrict(t.store.client, { now: NOW, shape: SHAPE });
  await sql(
    `INSERT INTO identities (platform, user_id, member_id, display_name, created_at)
             VALUES ('playground', 'boss', ?, 'boss', 0)`,
    [seeded.rootSecretary],
  );
  id = Number((await rows(t, `SELECT max(id) AS n FROM notices WHERE unit_id = '${seeded.rootId}'`))[0]!.n);
  const [noChat, failed, noAccount, read, told, plain, late] = seeded.branchIds;
  // Everyone of these branches has not confirmed, so that each group has people.
  for (const b of [noChat, failed, noAccount, read, told, plain]) {
    await sql(
      `DELETE FROM notice_acks WHERE notice_id = ? AND member_id IN (SELECT id FROM members WHERE unit_id = ?)`,
      [id, b!],
    );
  }
  await sql('DELETE FROM chat_bindings WHERE unit_id = ?', [noChat!]);
  const [chat] = (await rows(t, `SELECT platform, chat_id FROM chat_bindings WHERE unit_id = '${failed}'`)) as {
    platform: string;
    chat_id: string;
  }[];
  await sql(
    `INSERT INTO outbox (platform, chat_id, kind, ref, text, idem_key, unit_id, status, not_before, created_at)
     VALUES (?, ?, 'notice', ?, 'x', 'dead-1', ?, 'dead', 0, 0)`,
    [chat!.platform, chat!.chat_id, String(id), failed!],
  );
  const unreachable = (await pendingOf(noAccount!)).slice(0, 4);
  for (const m of unreachable) await sql('DELETE FROM identities WHERE member_id = ?', [m]);
  for (const m of (await pendingOf(read!)).slice(0, 5)) {
    await sql(`INSERT INTO notice_reads (notice_id, platform, user_id, at) VALUES (?, 'lark', ?, 0)`, [id, `ou_${m}`]);
  }
  fresh = new Set((await pendingOf(told!)).slice(0, 3).map((m) => `lark\u0000ou_${m}`));
  // A platform without read receipts: its readers still count as unread.
  await sql(`UPDATE chat_bindings SET platform = 'plain' WHERE unit_id = ?`, [plain!]);
  await sql(`UPDATE identities SET platform = 'plain' WHERE member_id IN (SELECT id FROM members WHERE unit_id = ?)`, [
    plain!,
  ]);
  for (const m of (await pendingOf(plain!)).slice(0, 2)) {
    await sql(`INSERT INTO notice_reads (notice_id, platform, user_id, at) VALUES (?, 'plain', ?, 0)`, [id, `ou_${m}`]);
  }
  await sql(
    `INSERT INTO members (id, name, unit_id, role, party_status, created_at)
     VALUES ('late', '晚到', ?, 'member', 'formal', ?)`,
    [late!, NOW.getTime()],
  );
}, 60_000);
afterAll(async () => t?.close());

const fromNames = (u: UnitReceipts) => ({
  unit: u.unit.id,
  expected: u.expected,
  confirmed: u.confirmed,
  pending: u.pending.length,
  receipts: u.receipts,
  read: u.read.length,
  unread: u.unread.length,
  unreachable: u.unreachable.length,
  nameChars: u.pending.reduce((n, m) => n + m.name.length, 0),
});
const fromCounts = ({ unit, ...rest }: UnitReceiptCounts) => ({ unit: unit.id, ...rest });

describe('receiptCounts and splitReceipts', () => {
  it('gives every unit of a district notice the counts the detailed path gives', async () => {
    const db = t.store.db;
    const tree = await UnitTree.load(db);
    const sender = await loadSender(db, t.core.deps.admins, 'playground', 'boss', undefined);
    const report = await unreadReport(db, tree, sender, id, NOW);
    const known = new Set([...(await readersOf(db, id)), ...fresh]);
    const detailed = (await classify(db, id, report.units, known, PLATFORMS)).map(fromNames);
    const notice = (await noticeById(db, id))!;
    const pending = await receiptCounts(
      db,
      notice,
      report.units.map((u) => u.unit),
      PLATFORMS,
    );
    const counted = await splitReceipts(db, notice, pending, fresh);
    expect(counted.map(fromCounts)).toEqual(detailed);
    expect(counted).toHaveLength(SHAPE.generalBranches * SHAPE.branchesPerGeneral);
    const [noChat, failed, noAccount, read, told, plain, late] = seeded.branchIds.map((b) =>
      counted.find((c) => c.unit.id === b)!,
    );
    const per = SHAPE.membersPerBranch;
    expect(noChat).toMatchObject({ pending: per, unreachable: per, receipts: false });
    expect(failed).toMatchObject({ pending: per, unreachable: per, read: 0 });
    expect(noAccount).toMatchObject({ pending: per, unreachable: 4, unread: per - 4 });
    expect(read).toMatchObject({ pending: per, read: 5, unread: per - 5 });
    expect(told).toMatchObject({ pending: per, read: 3, unread: per - 3 });
    expect(plain).toMatchObject({ pending: per, receipts: false, read: 0, unread: per });
    expect(late!.expected).toBe(per);
    expect(counted.slice(7).some((c) => c.confirmed > 0 && c.pending > 0)).toBe(true);
  });
});
