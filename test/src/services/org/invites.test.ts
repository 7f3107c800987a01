import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConstraintViolation } from '../../../../src/contracts/store.js';
import { bindChat } from '../../../../src/services/org/bindings.js';
import { createInvite, INVITE_TTL_DAYS, joinWithInvite } from '../../../../src/services/org/invites.js';
import type { Sender } from '../../../../src/services/org/identity.js';
import type { Unit } from '../../../../src/services/org/units.js';
import { ADMIN, orgFixture, recordOf, refusal, type OrgFixture } from './fixture.js';

const MEMBER = { role: 'member', partyStatus: 'formal' } as const;
const DAY_MS = 86_400_000;

let f: OrgFixture;
let branch1: Unit, branch2: Unit;
let sec1: Sender;

beforeEach(async () => {
  f = await orgFixture();
  const party = await f.unit('泰山区某社区党委');
  branch1 = await f.unit('第一支部', party.name);
  branch2 = await f.unit('第二支部', party.name);
  sec1 = await f.person('sec1', '王书记', branch1, 'secretary');
});
afterEach(async () => {
  await f.close();
});

/** Issues an invite as `actor` and commits it. */
async function invite(actor: Sender, unit: Unit, title: Parameters<typeof createInvite>[4] = MEMBER): Promise<string> {
  const work = f.work();
  const { code } = await createInvite(work, await f.tree(), actor, unit, title);
  await f.commit(work);
  return code;
}

/** Joins with `code` as a new playground account and commits. */
async function join(userId: string, code: string, name = userId) {
  const work = f.work();
  const who = { platform: 'playground', userId, existing: null };
  const out = await joinWithInvite(work, await f.tree(), who, { code, name });
  await f.commit(work);
  return out;
}

describe('who may issue an invite', () => {
  it('officers within their units; 书记 and 委员 codes only from admins', async () => {
    const tree = await f.tree();
    expect(await refusal(() => createInvite(f.work(), tree, sec1, branch2, MEMBER))).toEqual({
      code: 'org.cannot_manage',
      params: { unitName: '第二支部' },
    });
    for (const role of ['secretary', 'committee'] as const) {
      const officer = { role, partyStatus: 'formal' } as const;
      const refused = await refusal(() => createInvite(f.work(), tree, sec1, branch1, officer));
      expect(refused.code).toBe('org.officer_invite_admin_only');
      // 第一支部 has its 书记 (sec1): a second one is invited as 副书记, so the admin's 书记 code is for 第二支部.
      const unit = role === 'secretary' ? branch2 : branch1;
      await expect(createInvite(f.work(), tree, ADMIN, unit, officer)).resolves.toBeDefined();
    }
    const probationary = { role: 'member', partyStatus: 'probationary' } as const;
    await expect(createInvite(f.work(), tree, sec1, branch1, probationary)).resolves.toBeDefined();
  });

  it('records who issued it as an ActorRef', async () => {
    const bySec = await invite(sec1, branch1);
    const byAdmin = await invite(ADMIN, branch1);
    const rows = await f.t.store.client.execute({
      sql: `SELECT code, created_by_member_id, created_by_identity, expires_at
            FROM invites WHERE code IN (?, ?)`,
      args: [bySec, byAdmin],
    });
    const row = (code: string) => ({ ...rows.rows.find((r) => r.code === code) });
    expect(row(bySec)).toMatchObject({
      created_by_member_id: recordOf(sec1).id,
      created_by_identity: 'playground:sec1',
    });
    expect(row(byAdmin)).toMatchObject({
      created_by_member_id: null,
      created_by_identity: 'playground:admin',
    });
    expect(Number(row(bySec).expires_at)).toBe(f.t.clock.now().getTime() + INVITE_TTL_DAYS * DAY_MS);
  });
});

describe('joining with a code', () => {
  it('works once, in any case, with the role of the invite', async () => {
    const code = await invite(sec1, branch1, { role: 'member', partyStatus: 'probationary' });
    const { member, unit } = await join('u1', code.toLowerCase(), '张三');
    expect(unit.id).toBe(branch1.id);
    expect(member).toMatchObject({ name: '张三', unitId: branch1.id, role: 'member', partyStatus: 'probationary' });
    expect(await refusal(() => join('u2', code))).toEqual({ code: 'org.invite_used', params: { code } });
  });

  it('refuses unknown, expired and orphaned codes, and people who already belong to a unit', async () => {
    expect(await refusal(() => join('u1', 'ZZZZZZZZ'))).toEqual({
      code: 'org.invite_not_found',
      params: { code: 'ZZZZZZZZ' },
    });
    const code = await invite(sec1, branch1);
    f.t.clock.advance(INVITE_TTL_DAYS * DAY_MS);
    expect(await refusal(() => join('u1', code))).toEqual({ code: 'org.invite_expired', params: { code } });

    const orphan = await invite(ADMIN, branch2);
    await f.t.store.client.execute({ sql: 'DELETE FROM units WHERE id = ?', args: [branch2.id] });
    expect(await refusal(() => join('u1', orphan))).toEqual({ code: 'org.invite_unit_gone', params: { code: orphan } });

    const again = await invite(sec1, branch1);
    const tree = await f.tree();
    const registered = { platform: 'playground', userId: 'sec1', existing: recordOf(sec1) };
    expect(await refusal(() => joinWithInvite(f.work(), tree, registered, { code: again, name: 'x' }))).toEqual({
      code: 'org.already_member',
      params: { unitName: '第一支部', memberName: '王书记' },
    });
  });

  it('two people racing for one code: the second batch fails on the code, and nobody is half-registered', async () => {
    const code = await invite(sec1, branch1);
    const tree = await f.tree();
    const a = f.work();
    const b = f.work();
    await joinWithInvite(a, tree, { platform: 'playground', userId: 'u1', existing: null }, { code, name: '甲' });
    await joinWithInvite(b, tree, { platform: 'playground', userId: 'u2', existing: null }, { code, name: '乙' });
    await f.commit(a);
    const lost = await f.commit(b).then(
      () => null,
      (err: unknown) => err,
    );
    expect(isConstraintViolation(lost)).toBe(true);
    const names = await f.t.store.client.execute("SELECT name FROM members WHERE name IN ('甲', '乙')");
    expect(names.rows.map((r) => r.name)).toEqual(['甲']);
  });
});

describe('binding a chat', () => {
  it('records who bound it as an ActorRef, and refuses a unit outside the scope', async () => {
    const tree = await f.tree();
    const work = f.work();
    bindChat(work, tree, sec1, { platform: 'playground', chatId: 'g1', current: null }, branch1);
    await f.commit(work);
    const rows = await f.t.store.client.execute('SELECT bound_by_member_id, bound_by_identity FROM chat_bindings');
    expect(rows.rows.map((r) => ({ ...r }))).toEqual([
      { bound_by_member_id: recordOf(sec1).id, bound_by_identity: 'playground:sec1' },
    ]);
    const g2 = { platform: 'playground', chatId: 'g2', current: null };
    expect(await refusal(() => bindChat(f.work(), tree, sec1, g2, branch2))).toEqual({
      code: 'org.cannot_manage',
      params: { unitName: '第二支部' },
    });
  });
});
