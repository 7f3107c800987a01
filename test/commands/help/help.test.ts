import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
});
afterEach(async () => {
  await t.close();
});

describe('help', () => {
  it('help differs by role and explains one command', async () => {
    const code = await setupBranch(t);
    await t.say({ from: 'u1', text: `加入 ${code} 张三` });
    const adminHelp = await t.say({ from: 'admin', text: '帮助' });
    const memberHelp = await t.say({ from: 'u1', text: '帮助' });
    const strangerHelp = await t.say({ from: 'nobody', text: 'help' });
    expect(adminHelp).toContain('建组织 <名称>');
    expect(memberHelp).not.toContain('建组织');
    expect(memberHelp).toContain('我的');
    expect(strangerHelp).toContain('加入 <邀请码> <姓名>');
    expect(strangerHelp).not.toContain('成员 [组织名称]');
    const one = await t.say({ from: 'u1', text: '帮助 join' });
    expect(one).toContain('用法：加入 <邀请码> <姓名>');
    expect(one).toContain('例如：加入');
  });
});

describe('help in a group', () => {
  it('answers in at most 8 lines with the most used commands and sends the full list by direct message', async () => {
    const code = await setupBranch(t);
    await t.say({ from: 'u1', text: `加入 ${code} 张三` });
    for (let i = 0; i < 3; i++) await t.say({ from: 'u1', chat: 'g1', text: '会议列表' });
    for (let i = 0; i < 2; i++) await t.say({ from: 'u1', chat: 'g1', text: '我的' });
    const res = await t.send({ from: 'u1', chat: 'g1', text: '帮助' });
    const inGroup = res.replies.filter((r) => !r.direct);
    const direct = res.replies.filter((r) => r.direct);
    expect(inGroup).toHaveLength(1);
    const lines = inGroup[0]!.text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(8);
    expect(lines[0], inGroup[0]!.text).toBe('你常用的命令：');
    expect(lines[1]).toMatch(/^会议列表/);
    expect(lines[2]).toMatch(/^我的/);
    expect(inGroup[0]!.text).toContain('完整列表已私信');
    expect(direct).toHaveLength(1);
    expect(direct[0]!.chatId).toBe('u1');
    expect(direct[0]!.text).toContain('先锋助手 · 你可以使用的命令');
    expect(direct[0]!.text).toContain('补签 <编号> <原因>');
  });

  it('shows common commands to someone new, and the full list as before in a direct chat', async () => {
    const code = await setupBranch(t);
    await t.say({ from: 'u1', text: `加入 ${code} 张三` });
    const inGroup = (await t.send({ from: 'nobody', chat: 'g1', text: 'help' })).replies.filter((r) => !r.direct);
    const lines = inGroup[0]!.text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(8);
    expect(lines[0]).toBe('常用命令：');
    expect(inGroup[0]!.text).toContain('加入 <邀请码> <姓名>');
    expect(inGroup[0]!.text).not.toContain('签到');
    const direct = await t.send({ from: 'u1', text: '帮助' });
    expect(direct.replies).toHaveLength(1);
    expect(direct.replies[0]!.text).toContain('先锋助手 · 你可以使用的命令');
  });
});
