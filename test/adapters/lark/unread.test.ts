import { afterEach, describe, expect, it } from 'vitest';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';
import { inGroup, larkRelay, noticeCardId, firstBranch, joinWithoutFeishu } from '../../helpers/lark-notices.js';

let l: LarkTest;
afterEach(async () => {
  await l.close();
});

const MIN = 60_000;

async function world() {
  l = await createLarkTest();
  await firstBranch(l);
  await joinWithoutFeishu(l);
  await inGroup(l, 'oc_g1', 'ou_admin', '通知 学习通知\n请周五前完成学习。');
  await inGroup(l, 'oc_g1', 'ou_admin', '确认发送');
  expect(await larkRelay(l).runOnce()).toMatchObject({ sent: 1 });
  return noticeCardId(l, 'oc_g1');
}

const unread = () => l.sayText({ from: 'ou_admin', text: '未读 1' });

describe('未读 with Feishu read receipts', () => {
  it('shows 已确认, 已读未确认, 未读 and 无法送达 per unit', async () => {
    const card = await world();
    l.fake.markRead(card, 'ou_u1', 'ou_u2');
    await l.say({ from: 'ou_u1', text: '收到 1' });
    const text = await unread();
    expect(text).toContain('通知 #1「学习通知」 已确认 1/4 人');
    expect(text).toContain('【第一支部】已确认 1/4');
    expect(text).toContain('已读未确认 1 人：李四');
    expect(text).toContain('未读 1 人：王五');
    expect(text).toContain('无法送达 1 人：周九（无平台账号）');
  });

  it('asks read_users only when 未读 is asked, once per 10 minutes per message, kept in the database', async () => {
    const card = await world();
    expect(l.fake.readUsersCalls()).toBe(0); // nothing on sending, nothing on a timer
    for (let i = 0; i < 5; i++) {
      if (i === 2) l.fake.markRead(card, 'ou_u3');
      await unread();
      l.t.clock.advance(1.5 * MIN);
    }
    expect(l.fake.readUsersCalls(card)).toBe(1);
    // What it learnt the first time stands until the next question is due: 王五 is still 未读.
    expect(await unread()).toContain('未读 3 人');
    expect(l.fake.readUsersCalls(card)).toBe(1);
    const checks = await l.t.store.client.execute('SELECT count(*) AS n FROM delivered_read_checks');
    expect(Number(checks.rows[0]!.n)).toBe(1);
    l.t.clock.advance(3 * MIN); // 10.5 minutes after the first question
    expect(await unread()).toContain('已读未确认 1 人：王五');
    expect(l.fake.readUsersCalls(card)).toBe(2);
  });

  it('never asks about messages older than 7 days, and keeps what it had learnt', async () => {
    const card = await world();
    l.fake.markRead(card, 'ou_u2');
    await unread();
    l.t.clock.advance(7 * 24 * 60 * MIN + MIN);
    l.fake.markRead(card, 'ou_u3');
    const text = await unread();
    expect(l.fake.readUsersCalls(card)).toBe(1);
    expect(text).toContain('已读未确认 1 人：李四');
    expect(text).toContain('未读 2 人：王五、张三');
  });
});
