import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, dropInviteNotices, inviteCode, type TestCore } from '../../helpers/core.js';

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore();
});
afterEach(async () => {
  await t.close();
});

const say = (from: string, text: string, chat?: string) => t.say({ from, text, ...(chat ? { chat } : {}) });
const rows = async (sql: string) => (await t.store.client.execute(sql)).rows;

async function setup() {
  await say('admin', '建组织 泰山区某社区党委');
  await say('admin', '建组织 第一支部 泰山区某社区党委');
  await say('admin', '建组织 第二支部 泰山区某社区党委');
  await say('admin', '绑定 第一支部', 'g1');
  await say('admin', '绑定 第二支部', 'g2');
  for (const [unit, who, name, title] of [
    ['第一支部', 'sec1', '王书记', '书记'],
    ['第一支部', 'u1', '张三', '党员'],
    ['第二支部', 'sec2', '刘书记', '书记'],
  ] as const) {
    const code = inviteCode(await say('admin', `邀请 ${title} ${unit}`));
    await say(who, `加入 ${code} ${name}`);
  }
  await dropInviteNotices(t);
}

describe('撤回通知 where messages cannot be recalled (the playground)', () => {
  it('posts 「已撤回」 in the chats it reached; only the sender or an officer of the sending unit may', async () => {
    await setup();
    await say('sec1', '通知 周五学习', 'g1');
    await say('sec1', '确认发送', 'g1');
    await t.relay.runOnce();
    expect(await say('sec2', '撤回通知 1')).toBe('只有发送人或「第一支部」的书记、委员可以撤回通知 #1。');
    expect(await say('sec1', '撤回通知 1', 'g1')).toBe(
      '通知 #1 已撤回：在 1 个无法撤回消息的群里注明已撤回。收到、未读、催办随之停止。',
    );
    const posted = await rows("SELECT chat_id, text FROM outbox WHERE kind = 'notice.withdrawn'");
    expect(posted).toEqual([{ chat_id: 'g1', text: '【通知 #1已撤回】请忽略此前的通知。' }]);
    expect(await say('u1', '收到', 'g1')).toBe('通知 #1 已撤回，无需确认或催办。');
    // 「1」 in the group confirms nothing, and says nothing.
    expect((await t.send({ from: 'u1', chat: 'g1', text: '1' })).replies).toEqual([]);
  });

  it('a scheduled notice withdrawn before its time never goes out', async () => {
    await setup();
    await say('admin', '通知 周六志愿服务 到 第一支部,第二支部 于 明天上午9点');
    await say('admin', '确认发送');
    expect(await say('admin', '撤回通知 1')).toBe(
      '通知 #1 已撤回：2 条尚未发出的消息不再发送。收到、未读、催办随之停止。',
    );
    t.clock.advance(48 * 3_600_000);
    expect(await t.relay.runOnce()).toMatchObject({ claimed: 0 });
  });
});
