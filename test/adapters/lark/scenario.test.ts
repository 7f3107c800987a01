import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';
import { LARK_TEST_COMMANDS } from '../../helpers/lark-commands.js';
import { inviteCode } from '../../helpers/core.js';

let l: LarkTest;
beforeEach(async () => {
  l = await createLarkTest({ commands: LARK_TEST_COMMANDS, fake: { users: { ou_u9: '王五', ou_u1: '飞书昵称张三' } } });
});
afterEach(async () => {
  await l.close();
});

const BOT = { openId: 'ou_bot', name: '先锋助手' };
const ZHANG = { openId: 'ou_u1', name: '张三' };

describe('a branch set up entirely through Feishu', () => {
  it('bind, invite, join, roster, mentions and direct answers arrive as Feishu replies with uuids', async () => {
    // Direct chat with the bot: each answer is a reply to the message, with a uuid derived from it.
    const [created] = await l.say({ from: 'ou_admin', messageId: 'om_admin_1', text: '建组织 泰山区某社区党委' });
    expect(created).toMatchObject({ via: 'reply', replyTo: 'om_admin_1', uuid: 'om_admin_1:r0', msgType: 'text' });
    expect(created!.content.text).toBe('已创建党委「泰山区某社区党委」（顶层组织）。');
    expect(await l.sayText({ from: 'ou_admin', text: '建组织 第一支部 泰山区某社区党委' })).toContain(
      '已创建支部「第一支部」',
    );

    // In the group the bot is @-mentioned; the mention is not part of the command.
    expect(await l.sayText({ from: 'ou_admin', chat: 'oc_g1', text: '@_user_1 绑定 第一支部', mentions: [BOT] })).toBe(
      '本群已绑定到「第一支部」，该组织的通知和会议提醒将发到这里。',
    );
    const code = inviteCode(
      await l.sayText({ from: 'ou_admin', chat: 'oc_g1', text: '@_user_1 邀请', mentions: [BOT] }),
    );
    expect(await l.sayText({ from: 'ou_u1', text: `加入 ${code} 张三` })).toBe(
      '欢迎 张三 加入「第一支部」，角色：党员。发送「帮助」查看可用命令。',
    );
    const code2 = inviteCode(
      await l.sayText({ from: 'ou_admin', chat: 'oc_g1', text: '@_user_1 邀请 委员', mentions: [BOT] }),
    );
    expect(
      await l.sayText({ from: 'ou_u2', chat: 'oc_g1', text: `@_user_1 加入 ${code2} 李四`, mentions: [BOT] }),
    ).toContain('欢迎 李四');

    const roster = await l.sayText({ from: 'ou_admin', chat: 'oc_g1', text: '@_user_1 成员', mentions: [BOT] });
    expect(roster).toContain('「第一支部」成员 2 人');
    expect(roster).toContain('张三　党员');
    expect(roster).toContain('李四　委员');

    // A reply that mentions someone renders a Feishu mention; a direct answer goes to the sender's open_id.
    const sent = await l.say({
      from: 'ou_u2',
      chat: 'oc_g1',
      messageId: 'om_roll',
      text: '@_user_1 点名 @_user_2',
      mentions: [BOT, ZHANG],
    });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({ via: 'reply', replyTo: 'om_roll', uuid: 'om_roll:r0' });
    expect(sent[0]!.content.text).toBe('<at user_id="ou_u1">张三</at> 请回复收到');
    expect(sent[1]).toMatchObject({ via: 'create', receiveIdType: 'open_id', receiveId: 'ou_u2', uuid: 'om_roll:r1' });
    expect(sent[1]!.content.text).toBe('已点名 张三');

    // Help in the group lists what this person may do.
    expect(await l.sayText({ from: 'ou_u1', chat: 'oc_g1', text: '@_user_1 帮助', mentions: [BOT] })).toContain('我的');
    // A group message that is not a command gets no answer at all, unless it @-mentions the bot: a hint.
    expect(await l.say({ from: 'ou_u1', chat: 'oc_g1', text: '大家好' })).toEqual([]);
    expect(await l.sayText({ from: 'ou_u1', chat: 'oc_g1', text: '@_user_1 大家好', mentions: [BOT] })).toContain(
      '发送「帮助」',
    );

    // Everything privileged was audited with the Lark identity; the bot's identity was fetched once.
    const audit = await l.t.store.client.execute("SELECT actor FROM audit_log WHERE action = 'chat.bind'");
    expect(audit.rows[0]!.actor).toBe('lark:ou_admin');
    expect(l.fake.calls.filter((c) => c.path === '/open-apis/bot/v3/info')).toHaveLength(1);
    expect(l.fake.calls.filter((c) => c.path === '/open-apis/auth/v3/tenant_access_token/internal')).toHaveLength(1);
  });

  it('names senders from the member registry first, then the contact API, cached', async () => {
    await l.say({ from: 'ou_admin', text: '建组织 第一支部' });
    const code = inviteCode(await l.sayText({ from: 'ou_admin', text: '邀请 党员 第一支部' }));
    await l.say({ from: 'ou_u1', text: `加入 ${code} 张三` });
    const contactCalls = () => l.fake.calls.filter((c) => c.path.startsWith('/open-apis/contact/v3/users/'));
    const before = contactCalls().length;

    expect(await l.sayText({ from: 'ou_u1', text: '我是谁' })).toBe('你是 张三');
    expect(
      contactCalls()
        .map((c) => c.path)
        .slice(before),
    ).not.toContain('/open-apis/contact/v3/users/ou_u1');
    expect(await l.sayText({ from: 'ou_u9', text: '我是谁' })).toBe('你是 王五');
    expect(await l.sayText({ from: 'ou_u9', chat: 'oc_g1', text: '@_user_1 我是谁', mentions: [BOT] })).toBe(
      '你是 王五',
    );
    expect(contactCalls().filter((c) => c.path.endsWith('/ou_u9'))).toHaveLength(1);
    // Unknown to both: the open_id stands in for the name.
    expect(await l.sayText({ from: 'ou_nobody', text: '我是谁' })).toBe('你是 ou_nobody');
  });

  it('a post message works like text', async () => {
    const post = {
      title: '',
      content: [
        [
          { tag: 'text', text: '建组织 ' },
          { tag: 'text', text: '泰山区某社区党委' },
        ],
      ],
    };
    expect(await l.sayText({ from: 'ou_admin', post })).toBe('已创建党委「泰山区某社区党委」（顶层组织）。');
  });

  it('retries a reply refused by the rate limit, after x-ogw-ratelimit-reset', async () => {
    l.fake.rateLimit(1, 1);
    const started = Date.now();
    const sent = await l.say({ from: 'ou_admin', text: '帮助' });
    expect(sent).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
