import { afterEach, describe, expect, it } from 'vitest';
import { createLarkTest, type LarkTest, type LarkTestOptions } from '../../helpers/lark.js';
import { LARK_TEST_COMMANDS } from '../../helpers/lark-commands.js';
import { cardActionEvent } from '../../helpers/lark-events.js';
import { enqueueRows } from '../../helpers/outbox-rows.js';
import { inviteCode } from '../../helpers/core.js';
import type { SentMessage } from '../../helpers/fake-lark.js';

let l: LarkTest;
afterEach(async () => {
  await l.close();
});

const BOT = { openId: 'ou_bot', name: '先锋助手' };

/** A bound branch with 张三 (ou_u1) and 李四 (ou_u2), and a notice card delivered to its group. */
async function branchWithNoticeCard(opts: LarkTestOptions = {}): Promise<SentMessage> {
  l = await createLarkTest({ commands: LARK_TEST_COMMANDS, ...opts });
  await l.say({ from: 'ou_admin', text: '建组织 第一支部' });
  await l.say({ from: 'ou_admin', chat: 'oc_g1', text: '@_user_1 绑定 第一支部', mentions: [BOT] });
  for (const [who, name] of [['ou_u1', '张三'], ['ou_u2', '李四']]) {
    const code = inviteCode(await l.sayText({ from: 'ou_admin', chat: 'oc_g1', text: '@_user_1 邀请', mentions: [BOT] }));
    await l.say({ from: who!, text: `加入 ${code} ${name}` });
  }
  const [row] = await enqueueRows(l.t, [
    {
      platform: 'lark',
      chatId: 'oc_g1',
      kind: 'notice',
      ref: '7',
      text: '请 @张三 等同志周五前完成学习。',
      mentions: [{ id: 'ou_u1', name: '张三' }],
      payload: { noticeId: '7', title: '学习通知' },
    },
  ]);
  const before = l.fake.sent.length;
  await l.adapter.deliverer.deliver(row!);
  return l.fake.sent[before]!;
}

type Card = { header: { title: { content: string } }; elements: Record<string, unknown>[] };
const cardNote = (card: Card) => JSON.stringify(card.elements.find((e) => e.tag === 'note'));
const button = (card: Card) => (card.elements.find((e) => e.tag === 'action') as { actions: { value: unknown; text: { content: string } }[] }).actions[0]!;

async function press(operator: string, card: SentMessage): Promise<{ status: number; body: unknown }> {
  const value = button(card.content as unknown as Card).value;
  const res = await l.sender.post(cardActionEvent({ operator, value, cardMessageId: card.messageId, chat: 'oc_g1' }));
  const body = (await res.json()) as unknown;
  await l.adapter.settled();
  return { status: res.status, body };
}

async function acks(): Promise<number> {
  const r = await l.t.store.client.execute("SELECT count(*) AS n FROM audit_log WHERE action = 'notice.ack'");
  return Number(r.rows[0]!.n);
}

describe('notice cards', () => {
  it('a notice goes out as a card with a 收到 button; pressing it confirms once per person and updates the count', async () => {
    const card = await branchWithNoticeCard();
    expect(card).toMatchObject({ via: 'create', receiveIdType: 'chat_id', receiveId: 'oc_g1', msgType: 'interactive', uuid: 'notice:7:lark:c:oc_g1' });
    const content = card.content as unknown as Card;
    expect(content.header.title.content).toBe('学习通知');
    expect(JSON.stringify(content.elements[0])).toContain('请 <at id=\\"ou_u1\\"></at> 等同志周五前完成学习。');
    expect(button(content).text.content).toBe('收到');

    const first = await press('ou_u1', card);
    expect(first).toEqual({ status: 200, body: { toast: { type: 'info', content: '张三 已确认通知 #7（已确认 1/3）' } } });
    expect(l.fake.patches).toHaveLength(1);
    expect(l.fake.patches[0]!.messageId).toBe(card.messageId);
    const patched = l.fake.patches[0]!.content as unknown as Card;
    expect(cardNote(patched)).toContain('已确认 1 / 3 人');
    expect(button(patched).value).toEqual(button(content).value);
    expect(JSON.stringify(patched.elements[0])).toBe(JSON.stringify(content.elements[0]));

    // Pressing again is the same message for the core: same answer, nothing new recorded.
    expect((await press('ou_u1', card)).body).toEqual(first.body);
    expect(await acks()).toBe(1);

    const second = await press('ou_u2', card);
    expect(second.body).toEqual({ toast: { type: 'info', content: '李四 已确认通知 #7（已确认 2/3）' } });
    expect(await acks()).toBe(2);
    expect(cardNote(l.fake.patches.at(-1)!.content as unknown as Card)).toContain('已确认 2 / 3 人');
  });

  it('takes the count from the confirmations hook when one is given', async () => {
    const card = await branchWithNoticeCard({ adapter: { confirmations: async (id) => (id === '7' ? { confirmed: 42, total: 50 } : null) } });
    await press('ou_u1', card);
    expect(cardNote(l.fake.patches[0]!.content as unknown as Card)).toContain('已确认 42 / 50 人');
  });

  it('ignores buttons it did not make, and answers a stranger with the core’s refusal', async () => {
    const card = await branchWithNoticeCard();
    const res = await l.sender.post(cardActionEvent({ operator: 'ou_u1', value: { action: 'other' }, cardMessageId: card.messageId, chat: 'oc_g1' }));
    expect(await res.json()).toEqual({});
    const stranger = await press('ou_x', card);
    expect(stranger.body).toEqual({ toast: { type: 'info', content: '你还没有加入组织，请先发送：加入 <邀请码> <姓名>' } });
    await l.adapter.settled();
    expect(await acks()).toBe(0);
    expect(l.fake.patches).toHaveLength(0);
  });

  it('a card press with a bad signature is refused like any event', async () => {
    const card = await branchWithNoticeCard();
    const value = button(card.content as unknown as Card).value;
    const res = await l.sender.post(cardActionEvent({ operator: 'ou_u1', value, cardMessageId: card.messageId, chat: 'oc_g1' }), { signature: 'ff'.repeat(32) });
    expect(res.status).toBe(401);
    await l.adapter.settled();
    expect(await acks()).toBe(0);
  });
});
