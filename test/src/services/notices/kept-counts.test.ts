import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT_SHAPE, seedDistrict, type SeededDistrict } from '../../../../scripts/seed/district.js';
import type { PlatformCapabilities } from '../../../../src/contracts/adapter.js';
import { noticeById, type Notice } from '../../../../src/services/notices/audience.js';
import { KEPT_COUNTS_MIN_UNITS, receiptCounts } from '../../../../src/services/notices/receipt-counts.js';
import { UnitTree, type Unit } from '../../../../src/services/org/units.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';

// 未读's counts of a notice to a large audience are kept per unit tree while the notice's
// confirmations number the same (src/services/notices/receipt-counts.ts): a new confirmation is
// counted at once, an organisation change once the org cache's tree is replaced.
const SHAPE = {
  ...DISTRICT_SHAPE,
  generalBranches: 2,
  branchesPerGeneral: 55,
  membersPerBranch: 3,
  meetingsPerBranchPerYear: 0,
  branchNoticesPerMonth: 0,
  districtNoticesPerMonth: 1,
  needsPerBranch: 0,
};
const NOW = new Date('2026-12-07T00:30:00Z');
const PLATFORMS = new Map<string, PlatformCapabilities>([
  ['lark', { label: 'x', maxMentions: 50, mentionsInBroadcasts: true, idempotencyKeyChars: 0, readReceipts: true }],
]);

let t: TestCore;
let seeded: SeededDistrict;
let notice: Notice;
let units: Unit[];

const exec = (sql: string, args: (string | number)[] = []) => t.store.client.execute({ sql, args });
const plain = (c: { unit: Unit; expected: number; confirmed: number }[]) =>
  c.map((u) => `${u.unit.id}:${u.expected}/${u.confirmed}`);
/** The counts made afresh (no tree: nothing kept). */
const afresh = async () => plain(await receiptCounts(t.store.db, notice, units, PLATFORMS));

beforeAll(async () => {
  t = await createTestCore({ now: NOW.toISOString() });
  seeded = await seedDistrict(t.store.client, { now: NOW, shape: SHAPE });
  const tree = await UnitTree.load(t.store.db);
  const id = Number((await exec('SELECT max(id) AS n FROM notices WHERE unit_id = ?', [seeded.rootId])).rows[0]!.n);
  notice = (await noticeById(t.store.db, id))!;
  units = tree.subtree(seeded.rootId);
}, 60_000);
afterAll(async () => t?.close());

describe('kept 未读 counts of a notice to a whole 党委', () => {
  it('are the counts made afresh, and count a new confirmation at once', async () => {
    expect(units.length).toBeGreaterThanOrEqual(KEPT_COUNTS_MIN_UNITS);
    const tree = await UnitTree.load(t.store.db);
    const first = plain(await receiptCounts(t.store.db, notice, units, PLATFORMS, tree));
    expect(first).toEqual(await afresh());
    // Somebody of b0007 who had not confirmed confirms (another process could have written it).
    const who = await exec(
      `SELECT id FROM members WHERE unit_id = 'b0007' AND created_at <= ?
       AND id NOT IN (SELECT member_id FROM notice_acks WHERE notice_id = ?) LIMIT 1`,
      [notice.publishAt!, notice.id],
    );
    const memberId = String(who.rows[0]!.id);
    await exec("INSERT INTO notice_acks (notice_id, member_id, at, platform, user_id) VALUES (?, ?, ?, 'lark', ?)", [
      notice.id,
      memberId,
      NOW.getTime(),
      `ou_${memberId}`,
    ]);
    const after = plain(await receiptCounts(t.store.db, notice, units, PLATFORMS, tree));
    expect(after).toEqual(await afresh());
    expect(after).not.toEqual(first);
    const unit = (list: string[]) => list.find((l) => l.startsWith('b0007:'))!;
    const [, was] = unit(first).split('/');
    expect(unit(after)).toBe(`${unit(first).split('/')[0]}/${Number(was) + 1}`);
  });

  it('are kept through a change of members until the tree is replaced', async () => {
    const tree = await UnitTree.load(t.store.db);
    const before = plain(await receiptCounts(t.store.db, notice, units, PLATFORMS, tree));
    const gone = await exec(
      `SELECT id FROM members WHERE unit_id = 'b0012' AND created_at <= ?
       AND id NOT IN (SELECT member_id FROM notice_acks WHERE notice_id = ?) LIMIT 1`,
      [notice.publishAt!, notice.id],
    );
    await exec('UPDATE members SET unit_id = NULL WHERE id = ?', [String(gone.rows[0]!.id)]);
    // The same tree: the org cache has not been told; the kept counts stand.
    expect(plain(await receiptCounts(t.store.db, notice, units, PLATFORMS, tree))).toEqual(before);
    // The tree the org cache builds next: counted again.
    const next = await UnitTree.load(t.store.db);
    const renewed = plain(await receiptCounts(t.store.db, notice, units, PLATFORMS, next));
    expect(renewed).toEqual(await afresh());
    expect(renewed).not.toEqual(before);
  });
});
