import { afterEach, describe, expect, it } from 'vitest';
import { Relay } from '../../../src/outbox/relay.js';
import { defaultRelaySettings } from '../../../src/contracts/config/relay.js';
import { memoryLogger } from '../../../src/contracts/log.js';
import { dropInviteNotices, inviteCode } from '../../helpers/core.js';
import type { SentMessage } from '../../helpers/fake-lark.js';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';
import { cardActionEvent } from '../../helpers/lark-events.js';

let l: LarkTest;
afterEach(async () => {
  await l.close();
});

const BOT = { openId: 'ou_bot', name: '先锋助手' };
type Card = { header: { title: { content: string } }; elements: Record<string, unknown>[] };
const button = (card: Card) =>
  (card.elements.find((e) => e.tag === 'action') as { actions: { value: unknown }[] }).actions[0]!;
const note = (card: Card) => JSON.stringify(card.elements.find((e) => e.tag === 'note'));

describe('a real notice through the relay and the Lark adapter', () => {
  it('goes out as a card; pressing 收到 confirms through the notices feature, which gives the count', async () => {
    l = await createLarkTest();
    await l.say({ from: 'ou_admin', text: '建组织 第一支部' });
    await l.say({ from: 'ou_admin', chat: 'oc_g1', text: '@_user_1 绑定 第一支部', mentions: [BOT] });
    for (const [who, name] of [
      ['ou_u1', '张三'],
      ['ou_u2', '李四'],
    ]) {
      const code = inviteCode(
        await l.sayText({ from: 'ou_admin', chat: 'oc_g1', text: '@_user_1 邀请', mentions: [BOT] }),
      );
      await l.say({ from: who!, text: `加入 ${code} ${name}` });
    }
    await dropInviteNotices(l.t);
    await l.say({
      from: 'ou_admin',
      chat: 'oc_g1',
      text: '@_user_1 通知 学习通知\n请周五前完成学习。',
      mentions: [BOT],
    });
    expect(await l.sayText({ from: 'ou_admin', chat: 'oc_g1', text: '@_user_1 确认发送', mentions: [BOT] })).toContain(
      '已发往 1 个群（2 人需确认）',
    );

    const settings = defaultRelaySettings();
    const limits = new Map([['lark', l.adapter.limits]]);
    const { deliverer } = l.adapter;
    const { db } = l.t.store;
    const relay = new Relay({ db, deliverers: [deliverer], clock: l.t.clock, settings, limits, log: memoryLogger() });
    const before = l.fake.sent.length;
    expect(await relay.runOnce()).toMatchObject({ sent: 1 });
    const card = l.fake.sent.slice(before).find((s) => s.msgType === 'interactive') as SentMessage;
    expect(card).toMatchObject({ via: 'create', receiveId: 'oc_g1' });
    expect(card.uuid!.length).toBeLessThanOrEqual(50);
    const content = card.content as unknown as Card;
    expect(content.header.title.content).toBe('学习通知');

    const press = async (operator: string) => {
      const res = await l.sender.post(
        cardActionEvent({ operator, value: button(content).value, cardMessageId: card.messageId, chat: 'oc_g1' }),
      );
      const body = (await res.json()) as { toast?: { content: string } };
      await l.adapter.settled();
      return body.toast?.content;
    };
    expect(await press('ou_u1')).toBe('张三 已确认通知 #1（第 1 位）。');
    expect(note(l.fake.patches.at(-1)!.content as unknown as Card)).toContain('已确认 1 / 2 人');
    expect(await press('ou_u1')).toBe('张三 已确认通知 #1（第 1 位）。'); // the same press again: same answer
    expect(await press('ou_u2')).toBe('李四 已确认通知 #1（第 2 位）。');
    expect(note(l.fake.patches.at(-1)!.content as unknown as Card)).toContain('已确认 2 / 2 人');
    const acks = await l.t.store.client.execute('SELECT count(*) AS n FROM notice_acks');
    expect(Number(acks.rows[0]!.n)).toBe(2);
  });
  it(
    'full scenario through the webhook: bind, meeting, ' +
      'check-ins, 考勤, a notice card confirmed by button, 未读 shrinks',
    async () => {
      l = await createLarkTest();
      const group = (from: string, text: string) =>
        l.sayText({ from, chat: 'oc_g1', text: `@_user_1 ${text}`, mentions: [BOT] });
      await l.say({ from: 'ou_admin', text: '建组织 第一支部' });
      expect(await group('ou_admin', '绑定 第一支部')).toContain('本群已绑定到「第一支部」');
      for (const [who, name] of [
        ['ou_u1', '张三'],
        ['ou_u2', '李四'],
      ]) {
        const code = inviteCode(await group('ou_admin', '邀请'));
        await l.say({ from: who!, text: `加入 ${code} ${name}` });
      }
      await dropInviteNotices(l.t);
      // The test clock is 2026-12-01 10:00 in Shanghai.
      const scheduled = await group('ou_admin', '会议 党员大会 今天下午3点 党员活动室 学习党章');
      const id =
        /#?(\d+)/.exec(scheduled.slice(scheduled.indexOf('编号')))?.[1] ?? /会议\s*#?(\d+)/.exec(scheduled)?.[1];
      expect(scheduled).toContain('党员大会');
      expect(id).toBeTruthy();
      l.t.clock.set('2026-12-01T06:50:00Z'); // 14:50, inside the check-in window
      expect(await group('ou_u1', '签到')).toContain('签到成功');
      expect(await group('ou_u2', '签到')).toContain('签到成功');
      expect(await group('ou_u1', '签到')).toContain('已签到');
      const attendance = await group('ou_admin', `考勤 ${id}`);
      expect(attendance).toMatch(/实到[^\n]*2/);

      await group('ou_admin', '通知 学习通知\n请周五前完成学习。');
      expect(await group('ou_admin', '确认发送')).toContain('2 人需确认');
      const settings = defaultRelaySettings();
      const limits = new Map([['lark', l.adapter.limits]]);
      const { deliverer } = l.adapter;
      const { db } = l.t.store;
      const relay = new Relay({ db, deliverers: [deliverer], clock: l.t.clock, settings, limits, log: memoryLogger() });
      const before = l.fake.sent.length;
      expect(await relay.runOnce()).toMatchObject({ sent: 1 });
      const card = l.fake.sent.slice(before).find((s) => s.msgType === 'interactive') as SentMessage;
      expect(await group('ou_admin', '未读 1')).toContain('已确认 0/2');
      const res = await l.sender.post(
        cardActionEvent({
          operator: 'ou_u1',
          value: button(card.content as unknown as Card).value,
          cardMessageId: card.messageId,
          chat: 'oc_g1',
        }),
      );
      expect(((await res.json()) as { toast?: { content: string } }).toast?.content).toContain('张三 已确认通知 #1');
      await l.adapter.settled();
      const unread = await group('ou_admin', '未读 1');
      expect(unread).toContain('已确认 1/2');
      expect(unread).toContain('李四');
      expect(unread).not.toContain('张三');
    },
  );
});
