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
