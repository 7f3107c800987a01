import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, inviteCode, setupBranch, type TestCore } from '../../helpers/core.js';
import { rows } from '../../helpers/meetings.js';

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
      expect(reply).toContain(
        `角色「${word}」不对：应为 书记、副书记、委员、党员、正式党员、预备党员、积极分子、群众 之一`,
      );
    }
    expect(await count('invites')).toBe(1);
  });

  it('a code goes to the issuer by direct message only; in a group the bot only says so', async () => {
    await setupBranch(t);
    const res = await t.send({ from: 'admin', chat: 'g1', text: '邀请 书记' });
    const inGroup = res.replies.filter((r) => !r.direct);
    const direct = res.replies.filter((r) => r.direct);
    expect(inGroup.map((r) => r.text)).toEqual(['邀请码已私信发给你。']);
    expect(direct).toHaveLength(1);
    expect(direct[0]).toMatchObject({ chatId: 'admin', direct: true });
    const code = inviteCode(direct[0]!.text);
    expect(JSON.stringify(inGroup)).not.toContain(code);
    expect(direct[0]!.text).toContain('不要发到群里');
    // In a direct chat the code is the answer itself.
    const privately = await t.send({ from: 'admin', text: '邀请 党员 第一支部' });
    expect(privately.replies).toHaveLength(1);
    expect(privately.replies[0]!.chatId).toBe('admin');
    inviteCode(privately.replies[0]!.text);
  });

  it('the issuer is told by direct message when the code is used, and by whom', async () => {
    const code = await setupBranch(t);
    await t.say({ from: 'u1', name: '微信昵称', text: `加入 ${code} 张三` });
    const told = await rows(t, "SELECT platform, chat_id, direct, kind, text FROM outbox WHERE kind = 'invite.used'");
    expect(told).toEqual([
      {
        platform: 'playground',
        chat_id: 'admin',
        direct: 1,
        kind: 'invite.used',
        text: expect.stringContaining(`邀请码 ${code}（党员）已被使用：张三（`),
      },
    ]);
    expect(String(told[0]!.text)).toContain('账号 u1，昵称 微信昵称');
    // A secretary's code: the secretary hears of it on their own account.
    await t.say({ from: 'admin', text: '任命 @张三 书记', mentions: [{ id: 'u1', name: '张三' }] });
    const second = inviteCode(await t.say({ from: 'u1', chat: 'g1', text: '邀请' }));
    await t.say({ from: 'u2', text: `加入 ${second} 李四` });
    expect(await rows(t, "SELECT chat_id FROM outbox WHERE kind = 'invite.used' ORDER BY id")).toEqual([
      { chat_id: 'admin' },
      { chat_id: 'u1' },
    ]);
  });

  it('邀请 委员 @某人 binds the code to that account: nobody else can use it, and it stays usable', async () => {
    await setupBranch(t);
    const bound = await t.send({
      from: 'admin',
      chat: 'g1',
      text: '邀请 委员 @周委员',
      mentions: [{ id: 'u9', name: '周委员' }],
    });
    const direct = bound.replies.find((r) => r.direct)!;
    expect(direct.text).toContain('只限 周委员 本人的账号使用');
    const code = inviteCode(direct.text);
    expect(await t.say({ from: 'u8', text: `加入 ${code} 周委员` })).toContain('是发给指定的人的，你的账号不能使用');
    expect(await rows(t, 'SELECT name FROM members')).toEqual([]);
    expect(await t.say({ from: 'u9', text: `加入 ${code} 周委员` })).toContain(
      '欢迎 周委员 加入「第一支部」，角色：委员',
    );
    const audit = await rows(t, "SELECT detail FROM audit_log WHERE action = 'invite.create' AND target = ?", [code]);
    expect(JSON.parse(String(audit[0]!.detail))).toEqual({ title: '委员', for: 'playground:u9' });
  });

  it('a bound code needs a real mention of someone not yet a member', async () => {
    const code = await setupBranch(t);
    await t.say({ from: 'u1', text: `加入 ${code} 张三` });
    const typed = await t.say({ from: 'admin', chat: 'g1', text: '邀请 党员 @李四' });
    expect(typed).toContain('没有找到「李四」的账号');
    const member = await t.say({
      from: 'admin',
      chat: 'g1',
      text: '邀请 @张三',
      mentions: [{ id: 'u1', name: '张三' }],
    });
    expect(member).toContain('张三 已是成员，不需要邀请码');
    expect(await count('invites')).toBe(1);
  });
});
