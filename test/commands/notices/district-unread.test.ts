import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT_SHAPE, seedDistrict, type SeededDistrict } from '../../../scripts/seed/district.js';
import { DEFAULT_MAX_TEXT_CHARS } from '../../../src/contracts/adapter.js';
import { SUMMARY_LINES } from '../../../commands/shared/long.js';
import { UNREAD_GROUP_MAX_LINES, UNREAD_MAX_UNITS } from '../../../commands/notices/unread.js';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { rows } from '../../helpers/meetings.js';
import { loadSender } from '../../../src/services/org/identity.js';
import { UnitTree } from '../../../src/services/org/units.js';
import { unreadReport } from '../../../src/services/notices/follow-up.js';
import { readersOf } from '../../../src/services/notices/reads.js';
import { classify } from '../../../src/services/notices/report.js';

// 未读 and 催办 of a notice to a whole 党委 of 100 branches (the district generator at a small scale):
// answers that fit one message of the smallest platform, never a flood of names.
const SHAPE = {
  ...DISTRICT_SHAPE,
  generalBranches: 2,
  branchesPerGeneral: 50,
  membersPerBranch: 30,
  meetingsPerBranchPerYear: 0,
  branchNoticesPerMonth: 0,
  districtNoticesPerMonth: 1,
  needsPerBranch: 0,
};
const NOW = new Date('2026-12-07T00:30:00Z');

let t: TestCore;
let seeded: SeededDistrict;
let notice: number;

beforeAll(async () => {
  t = await createTestCore({ now: NOW.toISOString() });
  seeded = await seedDistrict(t.store.client, { now: NOW, shape: SHAPE });
  for (const [user, member] of [
    ['boss', seeded.rootSecretary],
    ['sec2', seeded.branchSecretaries.get('b0002')!],
  ])
    await t.store.client.execute({
      sql: `INSERT INTO identities (platform, user_id, member_id, display_name, created_at)
            VALUES ('playground', ?, ?, ?, 0)`,
      args: [user, member, user],
    });
  const latest = await rows(t, `SELECT max(id) AS n FROM notices WHERE unit_id = '${seeded.rootId}'`);
  notice = Number(latest[0]!.n);
}, 60_000);
afterAll(async () => t?.close());

const max = () => t.core.deps.platforms.get('playground')?.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;

describe('未读 and 催办 of a notice to a 党委 of 100 branches', () => {
  it('未读 by direct message is one summary, the units furthest behind first, not a list of names', async () => {
    const res = await t.send({ from: 'boss', text: `未读 ${notice}` });
    expect(res.replies).toHaveLength(1);
    const answer = res.replies[0]!.text;
    expect(answer.length).toBeLessThanOrEqual(Math.min(max(), 2_000));
    const lines = answer.split('\n');
    expect(lines.length).toBeLessThanOrEqual(SUMMARY_LINES);
    expect(answer).toMatch(/^通知 #\d+.* 已确认 \d+\/3000 人/);
    expect(answer).toContain(`「未读 ${notice}」可看本组织的名单`);
    // Sorted by how many have not confirmed, most first.
    const behind = lines
      .map((l) => /未读 (\d+)$/.exec(l)?.[1])
      .filter((n) => n !== undefined)
      .map(Number);
    expect(behind.length).toBeGreaterThan(3);
    expect(behind).toEqual([...behind].sort((a, b) => b - a));
    const pendingUnits = await rows(
      t,
      `SELECT count(DISTINCT m.unit_id) AS n FROM members m
       WHERE m.unit_id LIKE 'b%' AND m.id NOT IN (SELECT member_id FROM notice_acks WHERE notice_id = ${notice})`,
    );
    expect(Number(pendingUnits[0]!.n)).toBeGreaterThan(UNREAD_MAX_UNITS);
  });

  it('the summary, counted by the database, gives each unit the counts of the path that lists names', async () => {
    const db = t.store.db;
    const tree = await UnitTree.load(db);
    const sender = await loadSender(db, t.core.deps.admins, 'playground', 'boss', undefined);
    const report = await unreadReport(db, tree, sender, notice, NOW);
    const units = await classify(db, notice, report.units, await readersOf(db, notice), t.core.deps.platforms);
    const line = (u: (typeof units)[number]) =>
      `【${u.unit.name}】已确认 ${u.confirmed}/${u.expected}，` +
      (u.receipts ? `已读未确认 ${u.read.length}，` : '') +
      `未读 ${u.unread.length}` +
      (u.unreachable.length ? `，无法送达 ${u.unreachable.length}` : '');
    const expected = new Map(units.map((u) => [u.unit.name, line(u)]));
    const res = await t.send({ from: 'boss', text: `未读 ${notice}` });
    const lines = res.replies[0]!.text.split('\n').filter((l) => l.startsWith('【'));
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(l).toBe(expected.get(/^【(.+?)】/.exec(l)![1]!));
    const behind = units.filter((u) => u.pending.length > 0).length;
    expect(res.replies[0]!.text).toContain(`……另有 ${behind - lines.length} 个组织未全部确认。`);
    expect(res.replies[0]!.text.split('\n')[0]).toBe(
      `通知 #${notice} 已确认 ${report.confirmed}/${report.expected} 人`,
    );
  });

  it('in a group: the counts of the first units there and the summary by direct message', async () => {
    const direct = (await t.send({ from: 'boss', text: `未读 ${notice}` })).replies[0]!.text;
    const res = await t.send({ from: 'boss', chat: 'g-district', text: `未读 ${notice}` });
    const inChat = res.replies.filter((r) => !r.direct);
    expect(inChat).toHaveLength(1);
    const lines = inChat[0]!.text.split('\n');
    expect(lines).toHaveLength(UNREAD_GROUP_MAX_LINES + 1);
    expect(lines.at(-2)).toBe('…共 100 个组织');
    expect(lines.at(-1)).toBe('名单已私信给你。');
    // The units in tree order, the first (b0001) first.
    expect(lines[1]).toMatch(/^【第1街道第1支部】已确认 \d+\/30，已读未确认 \d+，未读 \d+$/);
    expect(res.replies.filter((r) => r.direct).map((r) => r.text)).toEqual([direct]);
  });

  it('a branch secretary still sees the names of their own branch', async () => {
    const res = await t.send({ from: 'sec2', text: `未读 ${notice}` });
    const text = res.replies.map((r) => r.text).join('\n');
    const pending = await rows(
      t,
      `SELECT name FROM members WHERE unit_id = 'b0002'
       AND id NOT IN (SELECT member_id FROM notice_acks WHERE notice_id = ${notice})`,
    );
    expect(pending.length).toBeGreaterThan(0);
    for (const p of pending) expect(text).toContain(String(p.name));
  });

  it('催办 names a few units and counts the rest, then one line when all of them wait an hour', async () => {
    const first = await t.send({ from: 'boss', text: `催办 ${notice}` });
    const answer = first.replies.map((r) => r.text).join('\n');
    expect(answer.length).toBeLessThanOrEqual(2_000);
    expect(answer).toMatch(/等 \d+ 个组织/);
    const again = await t.send({ from: 'boss', text: `催办 ${notice}` });
    const waiting = again.replies.map((r) => r.text).join('\n');
    expect(waiting.length).toBeLessThanOrEqual(2_000);
    expect(waiting.split('\n').filter((l) => l.includes('一小时内已催办过'))).toHaveLength(1);
    expect(waiting).toMatch(/一小时内已催办过，.* 后可再次?催办/);
  });
});
