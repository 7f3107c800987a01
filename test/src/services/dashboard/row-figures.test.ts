import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT_SHAPE, seedDistrict, type SeededDistrict } from '../../../../scripts/seed/district.js';
import { branchFigures } from '../../../../src/services/dashboard/branch.js';
import { unitAttendance } from '../../../../src/services/dashboard/attendance.js';
import { unitNotices } from '../../../../src/services/dashboard/notices.js';
import { rowFigures, ROW_NOTICE_DAYS } from '../../../../src/services/dashboard/rows.js';
import { UnitTree } from '../../../../src/services/org/units.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { rows } from '../../../helpers/meetings.js';

// The 党委 rows' lean counts (row-attendance.ts, and notices for a branch's own members) against
// the branch page's full ones, on a small district from the benchmark's generator with what the
// generator lacks added: a 党小组, a 区委 党课 and a 总支 党员大会 (whose 应到 is every unit below),
// a 区委 支委会 (its officers only), a 志愿活动 with an activist, a member who joined late, a meeting
// not closed yet and a cancelled one, a notice to a branch and its group sent by one of its members.
const SHAPE = { ...DISTRICT_SHAPE, generalBranches: 2, branchesPerGeneral: 2, membersPerBranch: 10 };
const NOW = new Date('2026-12-01T02:00:00Z');
const DAY = 86_400_000;
const T = NOW.getTime();

let t: TestCore;
let seeded: SeededDistrict;
let tree: UnitTree;

async function exec(sql: string, args: (string | number | null)[] = []): Promise<void> {
  await t.store.client.execute({ sql, args });
}

async function meeting(id: number, unit: string, type: string, startsAt: number, status = 'scheduled') {
  await exec(
    `INSERT INTO meetings (id, unit_id, type, title, place, starts_at, opens_before_min, closes_after_min, status,
       created_by_member_id, created_by_identity, created_at) VALUES (?, ?, ?, '会', '室', ?, 30, 30, ?, NULL, NULL, ?)`,
    [id, unit, type, startsAt, status, startsAt - 7 * DAY],
  );
}

/** Every second member of `where` present at meeting `id`, every third of the others on leave. */
async function attend(id: number, where: string, at: number) {
  const people = await rows(t, `SELECT id FROM members WHERE ${where} ORDER BY id`);
  for (const [i, p] of people.entries()) {
    const status = i % 2 === 0 ? 'present' : i % 3 === 0 ? 'leave' : 'absent';
    await exec(
      `INSERT OR REPLACE INTO attendance (meeting_id, member_id, status, method, late, reason, at, by_member_id)
       VALUES (?, ?, ?, NULL, 0, NULL, ?, NULL)`,
      [id, String(p.id), status, at],
    );
  }
}

beforeAll(async () => {
  t = await createTestCore({ now: NOW.toISOString() });
  seeded = await seedDistrict(t.store.client, { now: NOW, shape: SHAPE });
  const [b0, b1, b2] = seeded.branchIds as [string, string, string];
  const tz = 'Asia/Shanghai';
  await exec(
    `INSERT INTO units (id, name, type, parent_id, time_zone, created_at) VALUES ('g1', '第一党小组', 'group', ?, ?, 0)`,
    [b0, tz],
  );
  await exec(
    `UPDATE members SET unit_id = 'g1'
     WHERE id IN (SELECT id FROM members WHERE unit_id = ? AND role = 'member' LIMIT 3)`,
    [b0],
  );
  await exec(
    `INSERT INTO members (id, name, unit_id, role, party_status, is_admin, created_at)
     VALUES ('late1', '晚来', ?, 'member', 'formal', 0, ?), ('act1', '积极', ?, 'activist', NULL, 0, 0)`,
    [b1, T - 20 * DAY, b2],
  );
  await meeting(900001, seeded.rootId, 'lecture', T - 40 * DAY);
  await attend(900001, '1 = 1', T - 40 * DAY);
  await meeting(900002, seeded.generalIds[0]!, 'general_assembly', T - 10 * DAY);
  await attend(
    900002,
    `unit_id IN (SELECT id FROM units WHERE parent_id = '${seeded.generalIds[0]}') OR unit_id = 'g1'`,
    T,
  );
  await meeting(900003, 'g1', 'group_meeting', T - 15 * DAY);
  await attend(900003, `unit_id = 'g1'`, T - 15 * DAY);
  await meeting(900004, b2, 'volunteer', T - 5 * DAY);
  await attend(900004, `unit_id = '${b2}'`, T - 5 * DAY);
  await meeting(900005, seeded.rootId, 'committee_meeting', T - 3 * DAY);
  await attend(900005, '1 = 1', T - 3 * DAY);
  await meeting(900006, b1, 'theme_day', T - 10 * 60_000);
  await attend(900006, `unit_id = '${b1}'`, T);
  await meeting(900007, b1, 'theme_day', T - 8 * DAY, 'cancelled');
  await attend(900007, `unit_id = '${b1}'`, T);
  const sender = (await rows(t, `SELECT id FROM members WHERE unit_id = ? ORDER BY id LIMIT 1`, [b1]))[0]!.id;
  await exec(
    `INSERT INTO notices (id, unit_id, title, body, status, created_by_member_id, created_by_identity, created_by_name,
       created_at, sent_at, publish_at) VALUES (900001, ?, '通知', '正文', 'sent', ?, NULL, '书记', ?, ?, ?)`,
    [b1, String(sender), T - 25 * DAY, T - 25 * DAY, T - 25 * DAY],
  );
  for (const u of [b1, 'g1']) await exec(`INSERT INTO notice_targets (notice_id, unit_id) VALUES (900001, ?)`, [u]);
  const readers = await rows(t, `SELECT id FROM members WHERE unit_id IN (?, 'g1') ORDER BY id`, [b1]);
  for (const [i, p] of readers.entries()) {
    if (i % 2) continue;
    await exec(
      `INSERT INTO notice_acks (notice_id, member_id, at, platform, user_id) VALUES (900001, ?, ?, 'lark', ?)`,
      [String(p.id), T - 24 * DAY, `ou_${p.id}`],
    );
  }
  tree = await UnitTree.load(t.store.db);
});
afterAll(async () => t?.close());

describe('a 党委 row', () => {
  it('counts attendance and unconfirmed notices as the branch page does, for every branch of a batch', async () => {
    const branches = seeded.branchIds.map((id) => tree.get(id)!);
    const together = await rowFigures(t.store.db, tree, branches, NOW);
    for (const b of branches) {
      const page = await branchFigures(t.store.db, tree, b, NOW);
      const ids = tree.subtree(b.id).map((u) => u.id);
      const people = (await unitAttendance(t.store.db, tree, b, page.since, NOW)).people;
      const notes = await unitNotices(t.store.db, ids, people, T - ROW_NOTICE_DAYS * DAY, NOW);
      const row = together.get(b.id)!;
      expect(row.attendanceRate, b.name).toBe(page.attendance.rate);
      expect(row.unconfirmed, b.name).toBe(notes.expected - notes.confirmed);
      expect(row.owed, b.name).toBe(page.quarter.owed);
      expect(row.openNeeds, b.name).toBe(page.needs.open);
    }
    // The additions are counted: the group's members, the 党课 and the notice.
    expect(together.get(seeded.branchIds[1]!)!.unconfirmed).toBeGreaterThan(0);
    const expected = (await branchFigures(t.store.db, tree, branches[0]!, NOW)).attendance.meetings;
    expect(expected.some((m) => m.id === 900001 && m.expected > 0)).toBe(true);
    expect(expected.some((m) => m.id === 900003)).toBe(true);
  });
});
