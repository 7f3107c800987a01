import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT_SHAPE, seedDistrict, type SeededDistrict } from '../../../../scripts/seed/district.js';
import { absenceWarnings, peopleOf, type AbsenceWarning } from '../../../../src/services/meetings/attendance.js';
import { WarningsMemo } from '../../../../src/services/meetings/warnings.js';
import { UnitTree, type Unit } from '../../../../src/services/org/units.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';

// The kept absence warnings of a large 党委 (src/services/meetings/warnings.ts) against computing
// them for all its members at once (what a small unit's 本季度 does), on a seeded district of 12
// branches with members made to miss meetings.
const SHAPE = { ...DISTRICT_SHAPE, generalBranches: 2, branchesPerGeneral: 6, membersPerBranch: 8 };
const NOW = new Date('2026-12-07T02:00:00Z');

let t: TestCore;
let seeded: SeededDistrict;
let tree: UnitTree;
/** Members with every row of theirs removed: absent from every meeting of the year. */
const truants: string[] = [];

const exec = (sql: string, args: (string | number)[] = []) => t.store.client.execute({ sql, args });

beforeAll(async () => {
  t = await createTestCore({ now: NOW.toISOString() });
  seeded = await seedDistrict(t.store.client, { now: NOW, shape: SHAPE });
  tree = await UnitTree.load(t.store.db);
  // One ordinary member of b0003, of b0008 and of b0011 skips every meeting.
  for (const branch of ['b0003', 'b0008', 'b0011']) {
    const found = await exec("SELECT id FROM members WHERE unit_id = ? AND role = 'member' ORDER BY id LIMIT 1", [
      branch,
    ]);
    const id = String(found.rows[0]!.id);
    truants.push(id);
    await exec('DELETE FROM attendance WHERE member_id = ?', [id]);
  }
  // Three 党课 of the 区委 in the last three weeks, for everyone below (SUBTREE_TYPES): the branches'
  // members came (but the truants); the 区委's and the 总支' own members did not, which makes
  // three in a row for them.
  for (const weeks of [1, 2, 3]) {
    const at = NOW.getTime() - weeks * 7 * 86_400_000;
    const made = await exec(
      `INSERT INTO meetings (unit_id, type, title, starts_at, opens_before_min, closes_after_min, created_at)
       VALUES (?, 'lecture', '区委党课', ?, 30, 30, ?) RETURNING id`,
      [seeded.rootId, at, at - 86_400_000],
    );
    const id = Number(made.rows[0]!.id);
    const absent = truants.map((x) => `'${x}'`).join(',');
    await exec(
      `INSERT INTO attendance (meeting_id, member_id, status, method, late, at)
       SELECT ?, p.id, 'present', 'self', 0, ? FROM members p JOIN units u ON u.id = p.unit_id
       WHERE u.type = 'branch' AND p.id NOT IN (${absent})`,
      [id, at],
    );
  }
}, 60_000);
afterAll(async () => t?.close());

const key = (ws: readonly AbsenceWarning[]) => ws.map((w) => `${w.person.id}:${w.streak}`);

/** The warnings of `unit`'s members computed in one go, over a year of all their meetings. */
async function direct(unit: Unit, now: Date) {
  const people = await peopleOf(
    t.store.db,
    tree.subtree(unit.id).map((u) => u.id),
  );
  return absenceWarnings(t.store.db, tree, people, now);
}

function memoAt(clock: { now: Date }, freshMs?: number) {
  const errors: unknown[] = [];
  const memo = new WarningsMemo({ db: t.store.db, now: () => clock.now, onError: (e) => errors.push(e) }, freshMs);
  return { memo, errors };
}

describe('WarningsMemo', () => {
  it('gives the 区委 and a 总支 the warnings computed for all their members at once', async () => {
    const { memo, errors } = memoAt({ now: NOW });
    for (const unit of [tree.get(seeded.rootId)!, tree.get(seeded.generalIds[1])!]) {
      const expected = await direct(unit, NOW);
      const got = await memo.warnings(t.store.db, tree, unit, NOW);
      expect(key(got.warnings)).toEqual(key(expected));
      expect(got.asOf).toBe(NOW.getTime());
    }
    const all = key((await memo.warnings(t.store.db, tree, tree.get(seeded.rootId)!, NOW)).warnings);
    for (const id of truants) expect(all.some((k) => k.startsWith(`${id}:`))).toBe(true);
    // The 区委's secretary, a member of no branch, is counted too (three 党课 in a row).
    expect(all).toContain(`${seeded.rootSecretary}:3`);
    expect(errors).toEqual([]);
  });

  it('answers from what it kept until it is stale, then recomputes it after the answer', async () => {
    const clock = { now: NOW };
    const { memo, errors } = memoAt(clock, 60_000);
    const root = tree.get(seeded.rootId)!;
    const first = await memo.warnings(t.store.db, tree, root, NOW);
    const truant = truants[0]!;
    expect(first.warnings.map((w) => w.person.id)).toContain(truant);
    // The truant's latest meeting gets a recorded absence reason: that breaks the streak.
    const latest = await exec(
      `SELECT m.id FROM meetings m JOIN members p ON p.unit_id = m.unit_id
       WHERE p.id = ? AND m.status = 'scheduled' AND m.starts_at < ? AND m.type != 'volunteer'
       ORDER BY m.starts_at DESC LIMIT 1`,
      [truant, NOW.getTime() - 86_400_000],
    );
    const meetingId = Number(latest.rows[0]!.id);
    await exec(
      "INSERT INTO attendance (meeting_id, member_id, status, late, reason, at) VALUES (?, ?, 'absent', 0, '病假', ?)",
      [meetingId, truant, NOW.getTime()],
    );
    try {
      // Fresh: the kept figures, as of the first answer.
      const later = new Date(NOW.getTime() + 30_000);
      const kept = await memo.warnings(t.store.db, tree, root, later);
      expect(kept.warnings.map((w) => w.person.id)).toContain(truant);
      expect(kept.asOf).toBe(NOW.getTime());
      expect(memo.pass).toBeNull();
      // Stale: still the kept figures, and a pass recomputes them after the answer.
      const stale = new Date(NOW.getTime() + 120_000);
      clock.now = stale;
      const served = await memo.warnings(t.store.db, tree, root, stale);
      expect(served.warnings.map((w) => w.person.id)).toContain(truant);
      expect(served.asOf).toBe(NOW.getTime());
      expect(memo.pass).not.toBeNull();
      await memo.pass;
      const renewed = await memo.warnings(t.store.db, tree, root, stale);
      expect(renewed.asOf).toBe(stale.getTime());
      expect(renewed.warnings.map((w) => w.person.id)).not.toContain(truant);
      expect(key(renewed.warnings)).toEqual(key(await direct(root, stale)));
      expect(errors).toEqual([]);
    } finally {
      await exec('DELETE FROM attendance WHERE meeting_id = ? AND member_id = ?', [meetingId, truant]);
    }
  });
});
