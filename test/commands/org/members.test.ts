import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, inviteCode, setupBranch, type TestCore } from '../../helpers/core.js';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
});
afterEach(async () => {
  await t.close();
});

describe('members and appointment', () => {
  it('appoints by mention and by name, with role checks', async () => {
    const code = await setupBranch(t);
    await t.say({ from: 'u1', text: `加入 ${code} 张三` });
    const code2 = inviteCode(await t.say({ from: 'admin', chat: 'g1', text: '邀请' }));
    await t.say({ from: 'u2', text: `加入 ${code2} 李四` });
    expect(
      await t.say({ from: 'admin', chat: 'g1', text: '任命 @张三 书记', mentions: [{ id: 'u1', name: '张三' }] }),
    ).toContain('已任命 张三 为书记（原为党员）');
    // The new secretary appoints by plain name (platforms that cannot mention).
    expect(await t.say({ from: 'u1', chat: 'g1', text: '任命 @李四 委员' })).toContain('已任命 李四 为委员');
    expect(await t.say({ from: 'u1', chat: 'g1', text: '任命 @李四 书记' })).toContain(
      '书记的任免只能由管理员或上级组织的书记、委员办理',
    );
    // A plain member may not appoint.
    const code3 = inviteCode(await t.say({ from: 'admin', chat: 'g1', text: '邀请' }));
    await t.say({ from: 'u3', text: `加入 ${code3} 王五` });
    const before = await t.store.client.execute('SELECT role FROM members ORDER BY name');
    expect(await t.say({ from: 'u3', chat: 'g1', text: '任命 @李四 党员' })).toContain('仅限管理员、书记使用');
    const after = await t.store.client.execute('SELECT role FROM members ORDER BY name');
    expect(after.rows).toEqual(before.rows);
  });
});
