import { afterEach, describe, expect, it } from 'vitest';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';
import { inGroup, larkRelay, noticeCardId, firstBranch } from '../../helpers/lark-notices.js';
import { inviteCode } from '../../helpers/core.js';
import { schedulerOf, tickAt } from '../../helpers/reminders.js';

let l: LarkTest;
afterEach(async () => {
  await l.close();
});

/** 第一支部 on Feishu with its 书记 王书记 and three members; the clock is Tuesday 12月1日 10:00 in Shanghai. */
async function world() {
  l = await createLarkTest();
  await firstBranch(l);
  const code = inviteCode(await inGroup(l, 'oc_g1', 'ou_admin', '邀请 书记'));
  await l.say({ from: 'ou_sec', text: `加入 ${code} 王书记` });
  await l.t.store.client.execute("DELETE FROM outbox WHERE kind = 'invite.used'");
}

/** Drafts and sends a notice in 第一支部's group; returns the draft's preview. */
async function send(text: string): Promise<string> {
  const preview = await inGroup(l, 'oc_g1', 'ou_admin', text);
  await inGroup(l, 'oc_g1', 'ou_admin', '确认发送');
  await larkRelay(l).runOnce();
  return preview;
}

/** What the relay sent to Feishu since `from`, as [chat, text] pairs. */
async function relayed(from: number): Promise<{ chat: string | undefined; content: string }[]> {
  await larkRelay(l).runOnce();
  return l.fake.sent.slice(from).map((s) => ({ chat: s.receiveId, content: JSON.stringify(s.content) }));
}

describe('通知 … 截止', () => {
  it('reads the deadline, shows it in the preview, the card and 未读 (已逾期 once past)', async () => {
    await world();
    const preview = await send('通知 学习通知\n请周五前完成学习。 截止 周五18点');
    expect(preview).toContain('截止：12月4日（周五）18:00，3 天后（截止前 2 小时自动提醒未确认的人）');
    expect(preview).toContain('内容：学习通知\n请周五前完成学习。\n');
    const card = l.fake.sent.find((s) => s.messageId === noticeCardId(l, 'oc_g1'))!;
    expect(JSON.stringify(card.content)).toContain('截止：12月4日(周五) 18:00');
    await l.say({ from: 'ou_u1', text: '收到 1' });
    expect(await l.sayText({ from: 'ou_admin', text: '未读 1' })).toContain('截止：12月4日(周五) 18:00\n');
    l.t.clock.advance(4 * 86_400_000); // Saturday
    expect(await l.sayText({ from: 'ou_admin', text: '未读 1' })).toContain('截止：12月4日(周五) 18:00（已逾期）');
  });

  it('answers an unreadable, past or too early deadline in Chinese with the usage, and drafts nothing', async () => {
    await world();
    const usage = '通知 <内容> [到 <组织,...>] [于 <时间>] [截止 <时间>]';
    const unreadable = await inGroup(l, 'oc_g1', 'ou_admin', '通知 请完成学习 截止 等大家都方便');
    expect(unreadable).toContain('没看懂截止时间「等大家都方便」');
    expect(unreadable).toContain(usage);
    const past = await inGroup(l, 'oc_g1', 'ou_admin', '通知 请完成学习 截止 昨天18点');
    expect(past).toContain('截止时间「昨天18点」');
    expect(past).toContain('已经过去了');
    expect(past).toContain(usage);
    expect(await inGroup(l, 'oc_g1', 'ou_admin', '通知 请完成学习 于 周五19点 截止 周五18点')).toContain(
      '截止时间（12月4日(周五) 18:00）不晚于发送时间（12月4日(周五) 19:00）',
    );
    const drafts = await l.t.store.client.execute('SELECT count(*) AS n FROM notices');
    expect(Number(drafts.rows[0]!.n)).toBe(0);
  });

  it('reminds the unconfirmed once, 2 hours before the deadline, even across restarts', async () => {
    await world();
    await send('通知 学习通知\n请周五前完成学习。 截止 周五18点');
    await l.say({ from: 'ou_u1', text: '收到 1' });
    const from = l.fake.sent.length;
    await tickAt(l.t, '2026-12-04 15:59');
    expect(await relayed(from)).toEqual([]);
    const first = await tickAt(l.t, '2026-12-04 16:00');
    expect(first.deadlines).toEqual({ units: 1, messages: 1 });
    const sent = await relayed(from);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.chat).toBe('oc_g1');
    expect(sent[0]!.content).toContain('【截止提醒】通知 #1「学习通知」将于 12月4日(周五) 18:00 截止');
    expect(sent[0]!.content).toContain('ou_u2');
    expect(sent[0]!.content).toContain('ou_u3');
    expect(sent[0]!.content).not.toContain('ou_u1');
    // A restarted process (a new scheduler) and later ticks send nothing more.
    await tickAt(l.t, '2026-12-04 16:01');
    await tickAt(l.t, '2026-12-04 17:30', schedulerOf(l.t));
    expect(await relayed(from)).toHaveLength(1);
  });

  it('defers a reminder in quiet hours to their end, or skips it when they last until the deadline', async () => {
    await world();
    await send('通知 早班安排 截止 12月5日8点'); // #1: reminder 06:00, quiet until 07:00
    await send('通知 夜班安排 截止 12月5日6点半'); // #2: reminder 04:30, quiet past the deadline
    const from = l.fake.sent.length;
    await tickAt(l.t, '2026-12-05 06:00');
    await tickAt(l.t, '2026-12-05 06:30');
    expect(await relayed(from)).toEqual([]);
    await tickAt(l.t, '2026-12-05 07:00');
    const sent = await relayed(from);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.content).toContain('【截止提醒】通知 #1');
    await tickAt(l.t, '2026-12-05 07:30');
    expect(await relayed(from)).toHaveLength(1);
  });

  it('sends no reminder for a withdrawn notice, nor one published under 2 hours before its deadline', async () => {
    await world();
    await send('通知 已撤回的通知 截止 周五18点'); // #1, withdrawn
    await inGroup(l, 'oc_g1', 'ou_admin', '撤回通知 1');
    await send('通知 晚发的通知 于 周五17点 截止 周五18点'); // #2, reaches its chats at 17:00
    const from = l.fake.sent.length;
    for (const wall of ['2026-12-04 16:00', '2026-12-04 17:00', '2026-12-04 17:30']) await tickAt(l.t, wall);
    const sent = await relayed(from);
    expect(sent.map((s) => s.content).filter((c) => c.includes('截止提醒'))).toEqual([]);
    expect(sent.some((s) => s.content.includes('晚发的通知'))).toBe(true); // #2 itself went out
  });

  it('lists overdue notices some have not confirmed in the weekly digest', async () => {
    await world();
    await send('通知 学习通知\n请周五前完成学习。 截止 周五18点');
    await send('通知 已办完的事 截止 周五18点');
    for (const who of ['ou_u1', 'ou_u2', 'ou_u3', 'ou_sec']) await l.say({ from: who, text: '收到 2' });
    await l.say({ from: 'ou_u1', text: '收到 1' });
    const from = l.fake.sent.length;
    await tickAt(l.t, '2026-12-07 09:00'); // Monday: the digest
    const dm = (await relayed(from)).find((s) => s.chat === 'ou_sec');
    expect(dm?.content).toContain('已逾期仍有人未确认的通知：');
    expect(dm?.content).toContain('通知 #1「学习通知」截止 12月4日(周五) 18:00，已确认 1/4');
    expect(dm?.content).not.toContain('通知 #2');
  });
});
