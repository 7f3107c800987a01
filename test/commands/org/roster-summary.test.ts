import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT_SHAPE, seedDistrict, type SeededDistrict } from '../../../scripts/seed/district.js';
import { DEFAULT_MAX_TEXT_CHARS } from '../../../src/contracts/adapter.js';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { rows } from '../../helpers/meetings.js';
import { titleOf } from '../../../commands/org/texts.js';
import type { MemberRole, PartyStatus } from '../../../src/contracts/roles.js';

// 成员 of a 党委 over 60 branches and 3,000 members (the district generator at a small scale): a
// summary per unit in the chat, within the message size, and the full list as a file by direct message.
const SHAPE = {
  ...DISTRICT_SHAPE,
  generalBranches: 2,
  branchesPerGeneral: 30,
  membersPerBranch: 50,
  meetingsPerBranchPerYear: 0,
  branchNoticesPerMonth: 0,
  districtNoticesPerMonth: 0,
  needsPerBranch: 0,
};
const NOW = new Date('2026-12-07T00:30:00Z');
/** A branch with no 书记, and one with nobody left, to be named as behind. */
const NO_SECRETARY = 'b0011';
const EMPTY = 'b0042';
/** The largest branch (members moved into it from its neighbour). */
const LARGEST = 'b0005';

let t: TestCore;
let seeded: SeededDistrict;
let members: number;

beforeAll(async () => {
  t = await createTestCore({ now: NOW.toISOString() });
  seeded = await seedDistrict(t.store.client, { now: NOW, shape: SHAPE });
  const c = t.store.client;
  await c.execute(`UPDATE members SET role = 'member' WHERE unit_id = '${NO_SECRETARY}' AND role = 'secretary'`);
  await c.execute(`UPDATE members SET unit_id = '${LARGEST}' WHERE unit_id = '${EMPTY}'`);
  members = Number((await rows(t, 'SELECT count(*) AS n FROM members'))[0]!.n);
  for (const [user, member] of [
    ['boss', seeded.rootSecretary],
    ['sec2', seeded.branchSecretaries.get('b0002')!],
  ])
    await c.execute({
      sql: `INSERT INTO identities (platform, user_id, member_id, display_name, created_at)
            VALUES ('playground', ?, ?, ?, 0)`,
      args: [user, member, user],
    });
}, 60_000);
afterAll(async () => t?.close());

const nameOf = async (id: string) => String((await rows(t, `SELECT name FROM units WHERE id = '${id}'`))[0]!.name);
const max = () => t.core.deps.platforms.get('playground')?.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;

describe('成员 of a 党委 over 60 branches', () => {
  it('is a summary per unit in the group, within the message size, the largest units first', async () => {
    const res = await t.send({ from: 'boss', chat: 'g-district', text: '成员' });
    const inChat = res.replies.filter((r) => !r.direct);
    expect(inChat).toHaveLength(1);
    const answer = inChat[0]!.text;
    expect(answer.length).toBeLessThanOrEqual(max());
    expect(answer.length).toBeLessThanOrEqual(2_000); // WeChat's, the smallest we know
    const lines = answer.split('\n');
    expect(lines.length).toBeLessThanOrEqual(15);
    expect(lines[0]).toBe(`「泰山区委」成员 ${members} 人，下级组织 62 个。`);
    expect(lines[1]).toMatch(/^按角色：书记 \d+，委员 \d+，党员 \d+/);
    expect(answer).toContain(`未设书记的组织 1 个：${await nameOf(NO_SECRETARY)}`);
    expect(answer).toContain(`暂无成员的组织 1 个：${await nameOf(EMPTY)}`);
    const listed = lines.filter((l) => l.startsWith('· '));
    expect(listed.length).toBeGreaterThan(3);
    expect(listed[0]).toMatch(new RegExp(`^· ${await nameOf(LARGEST)} 100 人：书记 \\d+`));
    expect(answer).toMatch(/……另有 \d+ 个组织/);
    expect(answer).toContain('完整列表');
    // No member's name is in the group: the names are in the file.
    const someone = (await rows(t, `SELECT name FROM members WHERE unit_id = 'b0030' LIMIT 1`))[0]!.name;
    expect(answer).not.toContain(String(someone));
  });

  it('sends the full list by direct message as a link to a file of every member', async () => {
    const res = await t.send({ from: 'boss', chat: 'g-district', text: '成员' });
    const direct = res.replies.filter((r) => r.direct);
    expect(direct).toHaveLength(1);
    expect(direct[0]!.chatId).toBe('boss');
    expect(direct[0]!.sensitive).toBe('export-link');
    const csvUrl = /CSV：(\S+)/.exec(direct[0]!.text)![1]!;
    expect(/XLSX：(\S+)/.exec(direct[0]!.text)).not.toBeNull();
    const file = await t.app.request(new URL(csvUrl).pathname);
    expect(file.status).toBe(200);
    const csv = (await file.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe('序号,组织,上级组织,姓名,角色');
    expect(csv).toHaveLength(members + 1);
    const largest = await nameOf(LARGEST);
    expect(csv.filter((l) => l.split(',')[1] === largest)).toHaveLength(100);
    const downloads = await rows(t, "SELECT count(*) AS n FROM audit_log WHERE action = 'export.download'");
    expect(Number(downloads[0]!.n)).toBe(1);
  });

  it('counts each listed unit and the roles over all of them as the member rows do', async () => {
    const answer = (await t.send({ from: 'boss', chat: 'g-district', text: '成员' })).replies[0]!.text;
    const roles = async (where: string) => {
      const counts = new Map<string, number>();
      const found = await rows(
        t,
        `SELECT role, party_status, deputy, count(*) AS n FROM members ${where} GROUP BY role, party_status, deputy`,
      );
      for (const r of found) {
        const title = titleOf(r.role as MemberRole, r.party_status as PartyStatus | null, Boolean(r.deputy));
        counts.set(title, (counts.get(title) ?? 0) + Number(r.n));
      }
      return [...counts].map(([title, n]) => `${title} ${n}`);
    };
    const lines = answer.split('\n');
    expect(lines[1]!.replace('按角色：', '').split('，').sort()).toEqual((await roles('')).sort());
    const listed = lines.filter((l) => l.startsWith('· '));
    for (const l of listed) {
      const [, name, total, titles] = /^· (.+) (\d+) 人：(.+)$/.exec(l)!;
      const where = `WHERE unit_id = (SELECT id FROM units WHERE name = '${name}')`;
      expect(titles!.split('，').sort()).toEqual((await roles(where)).sort());
      expect(Number(total)).toBe(Number((await rows(t, `SELECT count(*) AS n FROM members ${where}`))[0]!.n));
    }
    const withMembers = await rows(t, 'SELECT count(DISTINCT unit_id) AS n FROM members');
    expect(answer).toContain(`……另有 ${Number(withMembers[0]!.n) - listed.length} 个组织`);
  });

  it('of one branch is still the full list, with no link', async () => {
    const res = await t.send({ from: 'sec2', chat: 'g2', text: '成员' });
    expect(res.replies).toHaveLength(1);
    const text = res.replies[0]!.text;
    expect(text.split('\n')[0]).toBe(`「${await nameOf('b0002')}」成员 50 人`);
    expect(text.split('\n').filter((l) => l.startsWith('· '))).toHaveLength(50);
    expect(text).not.toContain('完整列表');
  });
});
