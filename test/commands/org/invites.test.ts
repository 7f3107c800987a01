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

describe('invites and joining', () => {
  it('an invite code works once, and not after it expires', async () => {
    const code = await setupBranch(t);
    await t.say({ from: 'u1', text: `加入 ${code} 张三` });
    expect(await t.say({ from: 'u2', text: `加入 ${code} 李四` })).toContain('已被使用');
    const code2 = inviteCode(await t.say({ from: 'admin', chat: 'g1', text: '邀请' }));
    t.clock.advance(8 * 86_400_000);
    expect(await t.say({ from: 'u3', text: `加入 ${code2} 王五` })).toContain('已过期');
    expect(await count('members')).toBe(1);
  });

  it('a title people type is looked up as a word, never as a property of an object', async () => {
    await setupBranch(t);
    for (const word of ['constructor', '__proto__', 'toString']) {
      const reply = await t.say({ from: 'admin', chat: 'g1', text: `邀请 ${word}` });
      expect(reply).toContain(`角色「${word}」不对：应为 书记、委员、党员、正式党员、预备党员、积极分子、群众 之一`);
    }
    expect(await count('invites')).toBe(1);
  });
});
