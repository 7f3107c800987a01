import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, inviteCode, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, rows } from '../../helpers/meetings.js';

// Who may change whose role (src/services/org/appoint.ts): a 书记's role only by an administrator
// or an officer of a unit above; 书记, 副书记 and 委员 are 正式党员; one 书记 per unit, a second is
// a 副书记 or replaces the first after 确认任命.

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await addMember(t, { userId: 'top', name: '党委钱书记', unit: '泰山区某社区党委', title: '书记' });
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '钱五', unit: '第一支部', title: '积极分子' });
  await addMember(t, { userId: 'u3', name: '孙六', unit: '第一支部', title: '预备党员' });
});
afterEach(async () => {
  await t.close();
});

const g1 = (from: string, text: string) => t.say({ from, chat: 'g1', text });
const roleOf = async (name: string) =>
  (await rows(t, 'SELECT role, party_status AS status, deputy FROM members WHERE name = ?', [name]))[0];

describe('a 书记’s role', () => {
  it('cannot be changed by a fellow 书记 of the same unit, nor made by one', async () => {
    expect(await g1('admin', '任命 @张三 副书记')).toContain('已任命 张三 为副书记（原为党员）');
    // The 副书记 and the 书记 cannot demote each other.
    expect(await g1('u1', '任命 @王书记 群众')).toContain('书记的任免只能由管理员或上级组织的书记、委员办理');
    expect(await g1('sec', '任命 @张三 群众')).toContain('书记的任免只能由管理员或上级组织的书记、委员办理');
    expect(await roleOf('王书记')).toEqual({ role: 'secretary', status: 'formal', deputy: 0 });
    expect(await roleOf('张三')).toEqual({ role: 'secretary', status: 'formal', deputy: 1 });
    // Nor may a 书记 make a new 书记 in their own unit.
    await addMember(t, { userId: 'u4', name: '周七', unit: '第一支部' });
    expect(await g1('sec', '任命 @周七 副书记')).toContain('书记的任免只能由管理员或上级组织');
  });

  it('is changed by an administrator or an officer of a unit above', async () => {
    expect(await g1('top', '任命 @王书记 委员')).toContain('已任命 王书记 为委员（原为书记）');
    expect(await g1('admin', '任命 @王书记 书记')).toContain('已任命 王书记 为书记（原为委员）');
    const audit = await rows(t, "SELECT actor, detail FROM audit_log WHERE action = 'member.appoint' ORDER BY id");
    expect(audit.map((a) => [a.actor, JSON.parse(String(a.detail))])).toEqual([
      ['playground:top', { from: '书记', to: '委员' }],
      ['playground:admin', { from: '委员', to: '书记' }],
    ]);
  });
});

describe('书记, 副书记 and 委员 are 正式党员', () => {
  it('an 积极分子 or a 预备党员 is not promoted; a 正式党员 is', async () => {
    expect(await g1('sec', '任命 @钱五 委员')).toContain('钱五 目前是积极分子，书记、副书记、委员须为正式党员');
    expect(await g1('admin', '任命 @孙六 副书记')).toContain('孙六 目前是预备党员');
    expect(await roleOf('钱五')).toEqual({ role: 'activist', status: null, deputy: 0 });
    expect(await roleOf('孙六')).toEqual({ role: 'member', status: 'probationary', deputy: 0 });
    expect(await g1('sec', '任命 @孙六 正式党员')).toContain('已任命 孙六 为正式党员');
    expect(await g1('sec', '任命 @孙六 委员')).toContain('已任命 孙六 为委员（原为党员）');
  });
});

describe('a second 书记', () => {
  it('replaces the first only after 确认任命, which names both and audits both', async () => {
    const asked = await g1('admin', '任命 @张三 书记');
    expect(asked).toContain(
      '「第一支部」已有书记 王书记。要由 张三 接替书记（王书记 改为党员），请在 10 分钟内发送「确认任命」',
    );
    expect(asked).toContain('任命 @张三 副书记');
    expect(await roleOf('张三')).toEqual({ role: 'member', status: 'formal', deputy: 0 });
    // Someone else cannot confirm the administrator's draft.
    expect(await g1('top', '确认任命')).toContain('没有待确认的任命');
    expect(await g1('admin', '确认任命')).toBe('已任命 张三 为书记（原为党员）。原书记 王书记 改为党员。');
    expect(await roleOf('张三')).toEqual({ role: 'secretary', status: 'formal', deputy: 0 });
    expect(await roleOf('王书记')).toEqual({ role: 'member', status: 'formal', deputy: 0 });
    const audit = await rows(t, "SELECT target, detail FROM audit_log WHERE action = 'member.appoint' ORDER BY id");
    expect(audit.map((a) => [a.target, JSON.parse(String(a.detail))])).toEqual([
      ['m-u1', { from: '党员', to: '书记' }],
      ['m-sec', { from: '书记', to: '党员', replacedBy: 'm-u1' }],
    ]);
    expect(await g1('admin', '确认任命')).toContain('没有待确认的任命');
  });

  it('a draft expires, and one whose people changed is refused', async () => {
    await g1('admin', '任命 @张三 书记');
    t.clock.advance(10 * 60_000 + 1);
    expect(await g1('admin', '确认任命')).toContain('已超过 10 分钟，已作废');
    await g1('admin', '任命 @张三 书记');
    await g1('admin', '任命 @王书记 党员');
    await addMember(t, { userId: 'u5', name: '吴八', unit: '第一支部' });
    await g1('admin', '任命 @吴八 书记');
    expect(await roleOf('吴八')).toEqual({ role: 'secretary', status: 'formal', deputy: 0 });
    // The pending draft named 王书记 as the one replaced; 吴八 is 书记 now: nothing happens.
    expect(await g1('admin', '确认任命')).toContain('所涉及的人员已有变动');
    expect(await roleOf('张三')).toEqual({ role: 'member', status: 'formal', deputy: 0 });
    await g1('top', '任命 @张三 书记');
    expect(await g1('top', '确认任命')).toContain('已任命 张三 为书记');
    expect(await roleOf('吴八')).toEqual({ role: 'member', status: 'formal', deputy: 0 });
  });

  it('an invite for 书记 in a unit that has one is refused; 邀请 副书记 makes a 副书记', async () => {
    expect(await g1('admin', '邀请 书记')).toContain('「第一支部」已有书记 王书记：第二位请邀请为副书记');
    const code = inviteCode(await g1('admin', '邀请 副书记'));
    expect(await t.say({ from: 'u9', text: `加入 ${code} 冯副书记` })).toContain('角色：副书记');
    expect(await g1('sec', '成员')).toMatch(/王书记　书记\n· 冯副书记　副书记/);
  });

  it('a 书记’s code used after the unit got a 书记 another way makes a 副书记', async () => {
    await g1('admin', '任命 @王书记 党员');
    const code = inviteCode(await g1('admin', '邀请 书记'));
    await g1('admin', '任命 @王书记 书记');
    expect(await t.say({ from: 'u9', text: `加入 ${code} 冯书记` })).toContain('角色：副书记');
    expect(await roleOf('冯书记')).toEqual({ role: 'secretary', status: 'formal', deputy: 1 });
  });
});
