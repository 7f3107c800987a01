import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, dropInviteNotices, inviteCode, type TestCore } from '../../helpers/core.js';

// Issue 17: a notice to a unit reaches that unit and every unit below it; 仅本级 limits it; the
// notice is signed with the unit it is sent for.

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore({ env: { PIONEER_ADMINS: 'playground:admin' } });
});
afterEach(async () => {
  await t.close();
});

const say = (from: string, text: string, chat?: string) => t.say({ from, text, ...(chat ? { chat } : {}) });

async function join(unit: string, from: string, name: string, title = '党员') {
  const code = inviteCode(await say('admin', `邀请 ${title} ${unit}`));
  expect(await say(from, `加入 ${code} ${name}`)).toContain('欢迎');
}

/** A 党委 with no chat of its own, two bound 支部 and a 党小组 under the first. */
async function setup() {
  await say('admin', '建组织 泰山区某社区党委');
  await say('admin', '建组织 第一支部 泰山区某社区党委');
  await say('admin', '建组织 第二支部 泰山区某社区党委');
  await say('admin', '建组织 第一党小组 第一支部');
  await t.say({ from: 'admin', chat: 'g1', chatName: '第一支部群', text: '绑定 第一支部' });
  await t.say({ from: 'admin', chat: 'g2', chatName: '第二支部群', text: '绑定 第二支部' });
  await join('第一支部', 'u1', '张三');
  await join('第一支部', 'u2', '李四');
  await join('第二支部', 'u3', '王五');
  await join('第一党小组', 'u4', '赵六');
  await dropInviteNotices(t);
}

async function outboxRows(): Promise<{ chat: string; text: string }[]> {
  const r = await t.store.client.execute(
    "SELECT chat_id AS chat, text FROM outbox WHERE kind = 'notice' ORDER BY chat_id",
  );
  return r.rows.map((x) => ({ chat: String(x.chat), text: String(x.text) }));
}

describe('notice audience', () => {
  it('a notice to a 党委 without a chat reaches its 支部 and 党小组, per unit in the preview', async () => {
    await setup();
    const preview = await say('admin', '通知 周五集中学习 到 泰山区某社区党委');
    expect(preview).toContain('发往：泰山区某社区党委（2 个群，4 人）');
    expect(preview).toContain('· 第一支部：1 个群（第一支部群），2 人');
    expect(preview).toContain('· 第二支部：1 个群（第二支部群），1 人');
    expect(preview).toContain('· 第一党小组：未绑定群，1 人');
    expect(await say('admin', '确认发送')).toContain('已发往 2 个群（4 人需确认）');
    const rows = await outboxRows();
    expect(rows.map((r) => r.chat)).toEqual(['g1', 'g2']);
    // Signed with the 党委 it was sent for.
    for (const r of rows) expect(r.text).toContain('—— 泰山区某社区党委');
    // Every member below the 党委 may confirm it, and 未读 / 催办 follow the same audience.
    expect(await say('u4', '收到 1')).toContain('赵六 已确认通知 #1');
    expect(await say('u3', '收到 1')).toContain('王五 已确认通知 #1');
    const unread = await say('admin', '未读 1');
    expect(unread).toContain('已确认 2/4 人');
    expect(unread).toContain('【第一支部】');
    expect(unread).toContain('张三');
    expect(unread).toContain('李四');
    expect(unread).toContain('【第二支部】');
    expect(await say('admin', '催办 1')).toContain('提醒 2 人');
  });

  it('「仅本级」 (full-width or ASCII parentheses) limits a notice to the unit itself', async () => {
    await setup();
    const full = await say('admin', '通知 支部学习 到 第一支部（仅本级）');
    expect(full).toContain('发往：第一支部（仅本级）（1 个群，2 人）');
    expect(await say('admin', '通知 支部学习 到 第一支部 (仅本级)')).toContain('（1 个群，2 人）');
    expect(await say('admin', '通知 支部学习 到 第一支部(仅本级),第二支部')).toContain('（2 个群，3 人）');
    await say('admin', '确认发送');
    expect(await say('u4', '收到 3')).toContain('不是发给你所在组织的');
    // Without the mark the 党小组 below is reached.
    expect(await say('admin', '通知 支部学习 到 第一支部')).toContain('（1 个群，3 人）');
  });

  it('an administrator in a branch chat sending to two branches signs with their 党委', async () => {
    await setup();
    await say('admin', '通知 学习 到 第一支部,第二支部', 'g1');
    await say('admin', '确认发送', 'g1');
    for (const r of await outboxRows()) expect(r.text).toContain('—— 泰山区某社区党委');
    // A branch secretary sending to their own 党小组 signs with their branch.
    await join('第一支部', 'sec1', '王书记', '书记');
    await t.say({ from: 'admin', chat: 'g4', text: '绑定 第一党小组' });
    expect(await say('sec1', '通知 小组学习 到 第一党小组')).toContain('发往：第一党小组（1 个群，1 人）');
    await say('sec1', '确认发送');
    const sent = (await t.store.client.execute("SELECT text FROM outbox WHERE kind = 'notice' AND chat_id = 'g4'"))
      .rows;
    expect(String(sent[0]!.text)).toContain('—— 第一支部 王书记');
  });
});
