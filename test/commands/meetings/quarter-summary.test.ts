import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT_SHAPE, seedDistrict, type SeededDistrict } from '../../../scripts/seed/district.js';
import { DEFAULT_MAX_TEXT_CHARS } from '../../../src/contracts/adapter.js';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { rows } from '../../helpers/meetings.js';
import { tickAt } from '../../helpers/reminders.js';
import { schedulerTexts } from '../../../commands/index.js';
import { runQuarterDigests } from '../../../src/services/reminders/digest.js';
import { UnitTree } from '../../../src/services/org/units.js';

// A 党委 over 60 branches (the district generator at a small scale): 本季度 and the weekly digest
// answer with a summary, the branches behind most first, within the platform's message size.
const SHAPE = { ...DISTRICT_SHAPE, generalBranches: 2, branchesPerGeneral: 30, membersPerBranch: 6 };
const NOW = new Date('2026-12-07T00:30:00Z'); // Monday 08:30 in Shanghai, before the digest
/** Branches with no meeting at all this quarter: the most behind. */
const EMPTY = ['b0007', 'b0033', 'b0058'];

let t: TestCore;
let seeded: SeededDistrict;

beforeAll(async () => {
  t = await createTestCore({ now: NOW.toISOString() });
  seeded = await seedDistrict(t.store.client, { now: NOW, shape: SHAPE });
  const quarter = Date.parse('2026-09-30T16:00:00Z');
  const ids = EMPTY.map((b) => `'${b}'`).join(',');
  const held = `SELECT id FROM meetings WHERE unit_id IN (${ids}) AND starts_at >= ${quarter}`;
  await t.store.client.execute(`DELETE FROM attendance WHERE meeting_id IN (${held})`);
  await t.store.client.execute(`DELETE FROM meetings WHERE id IN (${held})`);
  await playgroundIdentity('boss', seeded.rootSecretary);
}, 60_000);
afterAll(async () => t?.close());

/** Lets a seeded member (identified on lark) speak through the playground too. */
const playgroundIdentity = (userId: string, memberId: string) =>
  t.store.client.execute({
    sql: `INSERT INTO identities (platform, user_id, member_id, display_name, created_at)
          VALUES ('playground', ?, ?, ?, 0)`,
    args: [userId, memberId, userId],
  });
const nameOf = async (id: string) => String((await rows(t, `SELECT name FROM units WHERE id = '${id}'`))[0]!.name);

describe('本季度 of a 党委 over 60 branches', () => {
  it('is a summary within the message size, naming the branches behind most first', async () => {
    const answer = await t.say({ from: 'boss', text: '本季度' });
    const max = t.core.deps.platforms.get('playground')?.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
    expect(answer.length).toBeLessThanOrEqual(max);
    expect(answer.length).toBeLessThanOrEqual(2_000); // WeChat's, the smallest we know
    const lines = answer.split('\n');
    expect(lines.length).toBeLessThanOrEqual(15);
    expect(lines[0]).toContain('「泰山区委」2026年第4季度 三会一课');
    expect(answer).toMatch(/应开三会一课的组织 60 个：已开齐 \d+ 个，还差的 \d+ 个。/);
    const listed = lines.filter((l) => l.startsWith('· '));
    expect(listed.length).toBeGreaterThan(3);
    const first = listed.slice(0, 3).map((l) => l.slice(2, l.indexOf('：')));
    expect(first.sort()).toEqual((await Promise.all(EMPTY.map(nameOf))).sort());
    // Nothing held: every type at 0 of what is owed.
    expect(listed[0]).toContain('支委会 0/3');
    expect(answer).toMatch(/……另有 \d+ 个组织还差/);
    expect(answer).toContain('完整列表见看板或导出');
  });

  it('of one branch is still the full detail', async () => {
    const secretary = seeded.branchSecretaries.get('b0002')!;
    await playgroundIdentity('sec2', secretary);
    const answer = await t.say({ from: 'sec2', text: '本季度' });
    expect(answer).toContain(`【${await nameOf('b0002')}】`);
    expect(answer).toMatch(/· 支委会 已开 \d\/3/);
    expect(answer).not.toContain('完整列表见看板或导出');
  });
});

describe('本季度 of a 党委 over 60 branches, minutes later', () => {
  it('answers with the absence warnings it counted then, saying when, and counts them again after', async () => {
    await t.say({ from: 'boss', text: '本季度' });
    try {
      t.clock.advance(6 * 60_000);
      const answer = await t.say({ from: 'boss', text: '本季度' });
      expect(answer).toMatch(/连续缺席预警[^\n]*（12月7日\(周一\) 08:30 统计）/);
      // The stale figures were counted again after that answer.
      await t.core.deps.warnings!.pass;
      const again = await t.say({ from: 'boss', text: '本季度' });
      expect(again).not.toContain('统计）');
      expect(again).toMatch(/连续缺席预警/);
    } finally {
      t.clock.set(NOW);
    }
  });
});

describe('the weekly digest of a 党委 over 60 branches', () => {
  it('is a summary for the 区委 secretary, the branches behind most first', async () => {
    await tickAt(t, '2026-12-07 09:00');
    const [digest] = await rows(t, "SELECT text FROM outbox WHERE kind = 'quarter.digest' AND ref LIKE 'd0:%'");
    const text = String(digest!.text);
    expect(text.length).toBeLessThanOrEqual(2_000);
    expect(text.split('\n').length).toBeLessThanOrEqual(15);
    expect(text).toMatch(/^【本季度提醒】「泰山区委」2026年第4季度 三会一课还差（\d+ 个组织）：/);
    const listed = text.split('\n').filter((l) => l.startsWith('· '));
    const first = listed.slice(0, 3).map((l) => l.slice(2, l.indexOf('：')));
    expect(first.sort()).toEqual((await Promise.all(EMPTY.map(nameOf))).sort());
    expect(text).toMatch(/……另有 \d+ 个组织还差，完整列表见看板或导出/);
  });
});

describe('the weekly digest over 63 units', () => {
  it('lets a command sent meanwhile be answered before it ends (a unit per slice)', async () => {
    const order: string[] = [];
    const nextWeek = new Date('2026-12-14T01:00:00Z'); // the next Monday 09:00, every unit due again
    const tree = await UnitTree.load(t.store.db);
    const opts = { store: t.store, tree, settings: t.config, texts: schedulerTexts };
    const digest = runQuarterDigests(opts, nextWeek).then((r) => order.push(`digest of ${r.units} units`));
    // Sent once the event loop turns: without slices, only after the whole digest.
    const help = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => t.say({ from: 'boss', text: '帮助' }))
      .then((answer) => order.push(answer.length > 0 ? 'help answered' : 'help silent'));
    await Promise.all([digest, help]);
    expect(order).toEqual(['help answered', 'digest of 63 units']);
  });
});
