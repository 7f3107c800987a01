import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, inviteCode, setupBranch, type TestCore } from '../../helpers/core.js';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
});
afterEach(async () => {
  await t.close();
});

async function count(table: string): Promise<number> {
  const r = await t.store.client.execute(`SELECT count(*) AS n FROM ${table}`);
  return Number(r.rows[0]!.n);
}

describe('units and chat bindings', () => {
  it('admin builds the tree, binds a group, invites; a member joins and is listed', async () => {
    expect(await t.say({ from: 'admin', text: '建组织 泰山区某社区党委' })).toContain('已创建党委「泰山区某社区党委」');
    expect(await t.say({ from: 'admin', text: '建组织 第一支部 泰山区某社区党委' })).toContain(
      '已创建支部「第一支部」，上级：泰山区某社区党委',
    );
    expect(await t.say({ from: 'admin', chat: 'g1', chatName: '第一支部群', text: '绑定 第一支部' })).toContain(
      '本群已绑定到「第一支部」',
    );
    const code = inviteCode(await t.say({ from: 'admin', chat: 'g1', text: '邀请' }));
    expect(await t.say({ from: 'u1', name: '微信昵称', chat: 'g1', text: `加入 ${code} 张三` })).toBe(
      '欢迎 张三 加入「第一支部」，角色：党员。发送「帮助」查看可用命令。',
    );
    const roster = await t.say({ from: 'admin', chat: 'g1', text: '成员' });
    expect(roster).toContain('「第一支部」成员 1 人');
    expect(roster).toContain('张三　党员');
    const me = await t.say({ from: 'u1', text: '我的' });
    expect(me).toContain('组织：泰山区某社区党委 / 第一支部');
    // Everything privileged was audited, with the actor.
    const audit = await t.store.client.execute('SELECT action, actor FROM audit_log ORDER BY id');
    expect(audit.rows.map((r) => r.action)).toEqual([
      'unit.create',
      'unit.create',
      'chat.bind',
      'invite.create',
      'member.join',
    ]);
    expect(audit.rows[0]!.actor).toBe('playground:admin');
  });

  it('a secretary manages only their own unit and below', async () => {
    const code = await setupBranch(t, { title: '书记' });
    await t.say({ from: 'sec', text: `加入 ${code} 王书记` });
    await t.say({ from: 'admin', text: '建组织 第二支部 泰山区某社区党委' });
    expect(await t.say({ from: 'sec', text: '建组织 第一小组' })).toContain('已创建党小组「第一小组」，上级：第一支部');
    expect(await t.say({ from: 'sec', text: '建组织 第二小组 第二支部' })).toContain('不在其中');
    expect(await t.say({ from: 'sec', chat: 'g2', text: '绑定 第二支部' })).toContain('你无权管理「第二支部」');
    expect(await t.say({ from: 'sec', text: '成员 第二支部' })).toContain('无权查看');
    expect(await t.say({ from: 'sec', text: '邀请 书记' })).toContain('只能由管理员发放');
  });

  it('unbinds, and refuses to bind a chat twice', async () => {
    await setupBranch(t);
    expect(await t.say({ from: 'admin', chat: 'g1', text: '绑定 第一支部' })).toContain('本群已绑定到「第一支部」。');
    expect(await t.say({ from: 'admin', chat: 'g1', text: '解绑' })).toContain('解除绑定');
    expect(await t.say({ from: 'admin', chat: 'g1', text: '解绑' })).toContain('尚未绑定');
    expect(await count('chat_bindings')).toBe(0);
    expect(await t.say({ from: 'admin', text: '绑定 第一支部' })).toBe(
      '要绑定群聊，请在该群里 @我 发送「绑定 <组织>」。',
    );
  });
});
