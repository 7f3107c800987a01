import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inviteCode } from '../../helpers/core.js';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';
import { at, rows } from '../../helpers/meetings.js';
import { TEST_DATA_KEY } from '../../helpers/pairing.js';

// Rich text (`post`) and mentions as Feishu's documentation and the official SDK's tests
// (larksuite/node-sdk channel/normalize/__tests__) show them, through the real webhook: `at`
// elements that carry the person's open_id instead of a `@_user_N` key, with or without the
// event's `mentions` array, and `@_all` next to words that merely begin with it.

let l: LarkTest;
beforeEach(async () => {
  // The contact API knows 张三 by his Feishu name, which is not the name he joined with.
  l = await createLarkTest({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY }, fake: { users: { ou_u1: '飞书昵称张三' } } });
});
afterEach(async () => {
  await l.close();
});

const BOT = { openId: 'ou_bot', name: '先锋助手' };
const GROUP = 'oc_g1';

/** 第一支部 bound to oc_g1, with 张三 (ou_u1) as a member; the admin is ou_admin. */
async function branch(): Promise<void> {
  await l.say({ from: 'ou_admin', text: '建组织 第一支部' });
  await l.say({ from: 'ou_admin', chat: GROUP, text: '@_user_1 绑定 第一支部', mentions: [BOT] });
  const code = inviteCode(await l.sayText({ from: 'ou_admin', text: '邀请 党员 第一支部' }));
  expect(await l.sayText({ from: 'ou_u1', text: `加入 ${code} 张三` })).toContain('欢迎 张三');
}

/** A post as received: one paragraph of elements, in a locale wrapper like the SDK's tests. */
const post = (...elements: Record<string, unknown>[]) => ({ zh_cn: { title: '', content: [elements] } });
const text = (t: string) => ({ tag: 'text', text: t });
/** An `at` element naming the person by open_id, with their Feishu display name. */
const atId = (openId: string, name: string) => ({ tag: 'at', user_id: openId, user_name: name });

describe('a post whose at element carries an open_id', () => {
  it('names that person for 任命, without a mentions array', async () => {
    await branch();
    const reply = await l.sayText({
      from: 'ou_admin',
      post: post(text('任命 '), atId('ou_u1', '飞书昵称张三'), text(' 委员')),
      mentions: null,
    });
    expect(reply).toContain('张三');
    expect(reply).toContain('委员');
    const [row] = await rows(l.t, "SELECT role FROM members WHERE name = '张三'");
    expect(row?.role).toBe('committee');
  });

  it('names that person when the mentions array lists the same open_id under a key', async () => {
    await branch();
    await l.say({
      from: 'ou_admin',
      post: post(text('任命 '), atId('ou_u1', '飞书昵称张三'), text(' 委员')),
      mentions: [{ openId: 'ou_u1', name: '飞书昵称张三' }],
    });
    const [row] = await rows(l.t, "SELECT role FROM members WHERE name = '张三'");
    expect(row?.role).toBe('committee');
  });

  it('names that person for 代签 in the group', async () => {
    at(l.t, '2026-12-01 10:00');
    await branch();
    const scheduled = await l.sayText({
      from: 'ou_admin',
      chat: GROUP,
      text: '@_user_1 会议 党员大会 2026-12-01 10:20 活动室',
      mentions: [BOT],
    });
    expect(scheduled).toContain('已安排会议 #1');
    const reply = await l.sayText({
      from: 'ou_admin',
      chat: GROUP,
      post: post(atId('ou_bot', '先锋助手'), text(' 代签 '), atId('ou_u1', '飞书昵称张三')),
      mentions: null,
    });
    expect(reply).toBe('已为 张三 代签（会议 #1）。');
  });

  it('names that person for 派单', async () => {
    await branch();
    await l.say({ from: 'ou_u1', text: '志愿者 护理,买菜 阳光小区 周末' });
    const need = await l.sayText({
      from: 'ou_admin',
      chat: GROUP,
      text: '@_user_1 求助 助老 每周六上午陪同买菜 阳光小区',
      mentions: [BOT],
    });
    expect(need).toContain('已登记需求 #1');
    for (const answer of ['同意', '王秀英', '13912345678', '阳光小区7号楼2单元502']) {
      await l.say({ from: 'ou_admin', text: answer });
    }
    const reply = await l.sayText({
      from: 'ou_admin',
      post: post(text('派单 1 '), atId('ou_u1', '飞书昵称张三')),
      mentions: null,
    });
    expect(reply).toContain('张三');
    const [row] = await rows(l.t, 'SELECT status FROM needs WHERE id = 1');
    expect(row?.status).toBe('assigned');
  });
});

describe("a post whose at element carries the bot's own open_id, without a mentions array", () => {
  it('addresses the bot: the mention is not part of the command, whatever name it shows', async () => {
    await branch();
    const roster = await l.sayText({
      from: 'ou_admin',
      chat: GROUP,
      post: post(atId('ou_bot', '党建小助手'), text(' 成员')),
      mentions: null,
    });
    expect(roster).toContain('「第一支部」成员');
  });

  it('counts as addressing the bot, so something it does not understand gets a hint', async () => {
    await branch();
    const reply = await l.sayText({
      from: 'ou_u1',
      chat: GROUP,
      post: post(atId('ou_bot', ''), text(' 今天天气不错')),
      mentions: null,
    });
    expect(reply).toContain('帮助');
  });
});

describe('@_all', () => {
  it('does not match inside @_allies, in text or in a post', async () => {
    await branch();
    const draft = await l.sayText({
      from: 'ou_admin',
      chat: GROUP,
      text: '@_user_1 通知 @_allies 明天来开会 @_all',
      mentions: [BOT],
    });
    expect(draft).toContain('内容：@_allies 明天来开会 @所有人');
    const fromPost = await l.sayText({
      from: 'ou_admin',
      chat: GROUP,
      post: post(atId('ou_bot', '先锋助手'), text(' 通知 @_allies are with us '), { tag: 'at', user_id: 'all' }),
      mentions: null,
    });
    expect(fromPost).toContain('内容：@_allies are with us @所有人');
  });
});
