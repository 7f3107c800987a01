import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT_SHAPE, seedDistrict, type SeededDistrict } from '../../../../scripts/seed/district.js';
import { branchFigures } from '../../../../src/services/dashboard/branch.js';
import {
  committeeRows,
  REFRESH_STEP_ROWS,
  rowFigures,
  RowRefresher,
  ROW_FRESH_MS,
} from '../../../../src/services/dashboard/rows.js';
import type { Unit } from '../../../../src/services/org/units.js';
import { UnitTree } from '../../../../src/services/org/units.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { rows } from '../../../helpers/meetings.js';

// A small district from the benchmark's generator: 1 区委 → 2 总支 → 6 支部 of 12 members.
const SHAPE = { ...DISTRICT_SHAPE, generalBranches: 2, branchesPerGeneral: 3, membersPerBranch: 12 };
const NOW = new Date('2026-12-01T02:00:00Z');

let t: TestCore;
let seeded: SeededDistrict;
let tree: UnitTree;

beforeAll(async () => {
  t = await createTestCore({ now: NOW.toISOString() });
  seeded = await seedDistrict(t.store.client, { now: NOW, shape: SHAPE });
  tree = await UnitTree.load(t.store.db);
});
afterAll(async () => t?.close());

describe('the 党委 page’s rows', () => {
  it('are the branch page’s figures, computed together or one at a time', async () => {
    const branches = seeded.branchIds.map((id) => tree.get(id)!);
    const together = await rowFigures(t.store.db, tree, branches, NOW);
    for (const b of branches) {
      const alone = (await rowFigures(t.store.db, tree, [b], NOW)).get(b.id);
      expect(together.get(b.id), b.name).toEqual(alone);
      const page = await branchFigures(t.store.db, tree, b, NOW);
      expect(alone!.owed).toBe(page.quarter.owed);
      expect(alone!.behind).toBe(page.quarter.behind);
      expect(alone!.attendanceRate).toBe(page.attendance.rate);
      expect(alone!.openNeeds).toBe(page.needs.open);
      expect(alone!.duesUnpaid).toBeNull();
    }
    // The generator's district notice (to every branch) is read for these members only.
    expect([...together.values()].some((r) => r.unconfirmed > 0)).toBe(true);
  });

  it('fill in over requests when time runs short; stale ones are shown and handed on to be recomputed', async () => {
    const root = tree.get(seeded.rootId)!;
    const none = await committeeRows(t.store, tree, root, NOW, { budgetMs: 0 });
    expect(none.rows).toHaveLength(6);
    expect(none.pending).toBe(6);
    expect(none.rows.every((r) => r.figures === null)).toBe(true);
    // A row costs the whole budget (the clock moves 10 ms over the first batch): one row per request.
    let calls = 0;
    const slow = { budgetMs: 10, elapsed: () => (calls++ < 3 ? 0 : 10), estimate: { perRowMs: 10 } };
    const first = await committeeRows(t.store, tree, root, NOW, slow);
    expect(first.pending).toBe(5);
    expect(first.rows.filter((r) => r.figures)).toHaveLength(1);
    const all = await committeeRows(t.store, tree, root, NOW);
    expect(all.pending).toBe(0);
    expect(all.rows.every((r) => r.computedAt === NOW.getTime())).toBe(true);
    // Stored are counts only: no member's name.
    const stored = JSON.stringify(await rows(t, 'SELECT * FROM dashboard_rows'));
    const names = (await rows(t, 'SELECT name FROM members')).map((r) => String(r.name));
    for (const name of names) expect(stored).not.toContain(`"${name}"`);

    const later = new Date(NOW.getTime() + ROW_FRESH_MS - 1);
    const fresh = await committeeRows(t.store, tree, root, later, { budgetMs: 0 });
    expect(fresh.pending).toBe(0);
    const stale = new Date(NOW.getTime() + ROW_FRESH_MS);
    // With time to spare a stale row is still shown as stored, not recomputed in the request.
    const due: Unit[] = [];
    const shown = await committeeRows(t.store, tree, root, stale, { onDue: (d) => void due.push(...d) });
    expect(shown.pending).toBe(6);
    expect(shown.rows.every((r) => r.figures !== null && r.computedAt === NOW.getTime())).toBe(true);
    expect(due.map((u) => u.id).sort()).toEqual([...seeded.branchIds].sort());
    // The refresher recomputes them after the answer, in steps, each row once though queued twice.
    let steps = 0;
    const refresher = new RowRefresher(
      t.store,
      () => stale,
      (err) => {
        throw err;
      },
      async () => void steps++,
    );
    const pass = refresher.add(tree, due);
    expect(refresher.busy).toBe(true);
    await Promise.all([pass, refresher.add(tree, due.slice(0, 2))]);
    expect(refresher.busy).toBe(false);
    expect(steps).toBe(Math.ceil(6 / REFRESH_STEP_ROWS));
    const redone = await committeeRows(t.store, tree, root, stale, { budgetMs: 0 });
    expect(redone.pending).toBe(0);
    expect(redone.rows.every((r) => r.computedAt === stale.getTime())).toBe(true);
  });

  it('of a 总支 are the branches below it only', async () => {
    const general = tree.get(seeded.generalIds[1]!)!;
    const r = await committeeRows(t.store, tree, general, NOW);
    expect(r.rows.map((x) => x.unitId)).toEqual(seeded.branchIds.slice(3));
  });
});
