import { afterEach, describe, expect, it } from 'vitest';
import { platformKey } from '../../../src/outbox/keys.js';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';
import { cardActionEvent } from '../../helpers/lark-events.js';
import { dropInviteNotices, inviteCode } from '../../helpers/core.js';
import type { SentMessage } from '../../helpers/fake-lark.js';

let l: LarkTest;
afterEach(async () => {
  await l.close();
});

const BOT = { openId: 'ou_bot', name: '先锋助手' };

/** A bound branch with 张三 (ou_u1) and 李四 (ou_u2), and notice #1 delivered to its group by the relay. */
async function branchWithNoticeCard(): Promise<SentMessage> {
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
  const notice = '@_user_1 通知 学习通知\n请周五前完成学习。';
  await l.say({ from: 'ou_admin', chat: 'oc_g1', text: notice, mentions: [BOT] });
  await l.say({ from: 'ou_admin', chat: 'oc_g1', text: '@_user_1 确认发送', mentions: [BOT] });
  const before = l.fake.sent.length;
  expect(await l.t.relay.runOnce()).toMatchObject({ sent: 1 });
  return l.fake.sent[before]!;
}

type Card = { header: { title: { content: string } }; elements: Record<string, unknown>[] };
const cardNote = (card: Card) => JSON.stringify(card.elements.find((e) => e.tag === 'note'));
type Actions = { actions: { value: unknown; text: { content: string } }[] };
const button = (card: Card) => (card.elements.find((e) => e.tag === 'action') as Actions).actions[0]!;

async function press(
  operator: string,
  card: SentMessage,
  value = button(card.content as unknown as Card).value,
): Promise<{ status: number; body: unknown }> {
  const res = await l.sender.post(cardActionEvent({ operator, value, cardMessageId: card.messageId, chat: 'oc_g1' }));
  const body = (await res.json()) as unknown;
  await l.adapter.settled();
  return { status: res.status, body };
}

async function acks(): Promise<number> {
  const r = await l.t.store.client.execute('SELECT count(*) AS n FROM notice_acks');
  return Number(r.rows[0]!.n);
}

describe('notice cards', () => {
  it(
    'a notice goes out as a card with a 收到 button; ' + 'pressing it confirms once per person and updates the count',
    async () => {
      const card = await branchWithNoticeCard();
      // The uuid is the key the relay hands over for the row, as in production.
      const uuid = await platformKey('notice:1:lark:c:oc_g1');
      expect(card).toMatchObject({
        via: 'create',
        receiveIdType: 'chat_id',
        receiveId: 'oc_g1',
        msgType: 'interactive',
      });
      expect(card.uuid).toBe(uuid);
      const content = card.content as unknown as Card;
      expect(content.header.title.content).toBe('学习通知');
      const body = JSON.stringify(content.elements[0]);
      expect(body).toContain('【通知 #1】\\n学习通知\\n请周五前完成学习。');
      const value = { action: 'pioneer.ack', noticeId: '1' };
      expect(button(content)).toMatchObject({ text: { content: '收到' }, value });

      const first = await press('ou_u1', card);
      const toast = { type: 'info', content: '张三 已确认通知 #1（第 1 位）。' };
      expect(first).toEqual({ status: 200, body: { toast } });
      expect(l.fake.patches).toHaveLength(1);
      expect(l.fake.patches[0]!.messageId).toBe(card.messageId);
      const patched = l.fake.patches[0]!.content as unknown as Card;
      expect(cardNote(patched)).toContain('已确认 1 / 2 人');
      expect(button(patched).value).toEqual(button(content).value);
      expect(JSON.stringify(patched.elements[0])).toBe(JSON.stringify(content.elements[0]));
      expect(patched.header).toEqual(content.header);

      // Pressing again is the same action for the core: the first answer, nothing new recorded.
      expect((await press('ou_u1', card)).body).toEqual(first.body);
      expect(await acks()).toBe(1);
      expect(cardNote(l.fake.patches.at(-1)!.content as unknown as Card)).toContain('已确认 1 / 2 人');

      const second = await press('ou_u2', card);
      expect(second.body).toEqual({ toast: { type: 'info', content: '李四 已确认通知 #1（第 2 位）。' } });
      expect(await acks()).toBe(2);
      expect(cardNote(l.fake.patches.at(-1)!.content as unknown as Card)).toContain('已确认 2 / 2 人');
    },
  );

  it('a press is answered as 「收到 N」 would be: one confirmed by command says when', async () => {
    const card = await branchWithNoticeCard();
    expect(await l.sayText({ from: 'ou_u1', text: '收到 1' })).toBe('张三 已确认通知 #1（第 1 位）。');
    const toast = ((await press('ou_u1', card)).body as { toast: { content: string } }).toast.content;
    expect(toast).toMatch(/^张三 已于 .+ 确认过通知 #1。$/);
    expect(await acks()).toBe(1);
  });

  it('ignores buttons it did not make, and answers a stranger and a notice that does not exist', async () => {
    const card = await branchWithNoticeCard();
    expect((await press('ou_u1', card, { action: 'other' })).body).toEqual({});
    const stranger = await press('ou_x', card);
    expect(stranger.body).toEqual({
      toast: { type: 'info', content: '你还没有加入组织，请先发送：加入 <邀请码> <姓名>' },
    });
    expect(await acks()).toBe(0);
    const missing = await press('ou_u1', card, { action: 'pioneer.ack', noticeId: '99' });
    expect((missing.body as { toast: { content: string } }).toast.content).toContain('#99');
    expect(await acks()).toBe(0);
    // Nothing changed, so the card, patched or not, still counts nobody.
    for (const p of l.fake.patches) expect(cardNote(p.content as unknown as Card)).toContain('已确认 0 / 2 人');
  });

  it('a card press with a bad signature is refused like any event', async () => {
    const card = await branchWithNoticeCard();
    const value = button(card.content as unknown as Card).value;
    const res = await l.sender.post(
      cardActionEvent({ operator: 'ou_u1', value, cardMessageId: card.messageId, chat: 'oc_g1' }),
      { signature: 'ff'.repeat(32) },
    );
    expect(res.status).toBe(401);
    await l.adapter.settled();
    expect(await acks()).toBe(0);
  });

  it('a chase of the notice goes out as text, not as a second card', async () => {
    await branchWithNoticeCard();
    await l.say({ from: 'ou_admin', chat: 'oc_g1', text: '@_user_1 催办 1', mentions: [BOT] });
    const before = l.fake.sent.length;
    expect(await l.t.relay.runOnce()).toMatchObject({ sent: 1 });
    expect(l.fake.sent[before]).toMatchObject({ msgType: 'text', receiveId: 'oc_g1' });
    expect(String(l.fake.sent[before]!.content.text)).toContain('【催办】通知 #1「学习通知」');
  });
});
