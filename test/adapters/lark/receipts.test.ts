import { afterEach, describe, expect, it } from 'vitest';
import { Relay } from '../../../src/outbox/relay.js';
import { defaultRelaySettings } from '../../../src/contracts/config/relay.js';
import { memoryLogger } from '../../../src/contracts/log.js';
import { toOutbound } from '../../../src/outbox/outbound.js';
import type { OutboxRow } from '../../../src/outbox/rows.js';
import { dropInviteNotices, inviteCode } from '../../helpers/core.js';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';

let l: LarkTest;
afterEach(async () => {
  await l.close();
});

const BOT = { openId: 'ou_bot', name: '先锋助手' };

/** A bound branch with two members and one notice sent through the relay; returns the card's message id. */
async function sentNotice(): Promise<string> {
  const group = (from: string, text: string) =>
    l.sayText({ from, chat: 'oc_g1', text: `@_user_1 ${text}`, mentions: [BOT] });
  await l.say({ from: 'ou_admin', text: '建组织 第一支部' });
  await group('ou_admin', '绑定 第一支部');
  for (const [who, name] of [
    ['ou_u1', '张三'],
    ['ou_u2', '李四'],
  ] as const) {
    await l.say({ from: who, text: `加入 ${inviteCode(await group('ou_admin', '邀请'))} ${name}` });
  }
  await group('ou_admin', '通知 学习通知\n请周五前完成学习。');
  await group('ou_admin', '确认发送');
  await dropInviteNotices(l.t);
  const relay = new Relay({
    db: l.t.store.db,
    deliverers: [l.adapter.deliverer],
    clock: l.t.clock,
    settings: defaultRelaySettings(),
    limits: new Map([['lark', l.adapter.limits]]),
    log: memoryLogger(),
  });
  expect(await relay.runOnce()).toMatchObject({ sent: 1 });
  return l.fake.sent.find((s) => s.msgType === 'interactive')!.messageId;
}

describe('Lark read receipts and 加急', () => {
  it('keeps the message_id of a delivered row, so that its readers can be asked', async () => {
    l = await createLarkTest();
    const messageId = await sentNotice();
    const rows = await l.t.store.client.execute(
      'SELECT d.platform_message_id AS id FROM delivered_messages d ' +
        "JOIN outbox o ON o.id = d.outbox_id WHERE o.kind = 'notice'",
    );
    expect(rows.rows.map((r) => r.id)).toEqual([messageId]);
  });

  it('lists every reader across read_users pages, with one call per page', async () => {
    l = await createLarkTest();
    const messageId = await sentNotice();
    l.fake.readUsersPageSize = 2;
    l.fake.markRead(messageId, 'ou_u1', 'ou_u2', 'ou_x3');
    const m = { chatId: 'oc_g1', direct: false, platformMessageId: messageId, sentAt: l.t.clock.now().getTime() };
    expect((await l.adapter.receipts.readers(m)).sort()).toEqual(['ou_u1', 'ou_u2', 'ou_x3']);
    expect(l.fake.readUsersCalls(messageId)).toBe(2);
    expect(l.adapter.receipts.maxAgeMs).toBe(7 * 24 * 3_600_000);
  });

  it('a notice.escalate row becomes urgent_app of its message, not a new message', async () => {
    l = await createLarkTest();
    const messageId = await sentNotice();
    const before = l.fake.sent.length;
    const row = {
      id: 99,
      platform: 'lark',
      chatId: 'oc_g1',
      direct: false,
      kind: 'notice.escalate',
      ref: '1.u',
      text: '',
      mentions: '[]',
      payload: JSON.stringify({
        noticeId: 1,
        escalate: { platformMessageId: messageId, userIds: ['ou_u2'], channel: 'app' },
      }),
      idemKey: 'k-99',
    } as OutboxRow;
    await l.adapter.deliverer.deliver(await toOutbound(row, 50));
    expect(l.fake.urgents).toEqual([{ messageId, userIds: ['ou_u2'], userIdType: 'open_id' }]);
    expect(l.fake.sent.length).toBe(before);
    // Phone 加急 costs paid quota: the deliverer refuses it for good rather than calling Feishu.
    const phone = { ...row, payload: row.payload!.replace('"app"', '"phone"') };
    await expect(l.adapter.deliverer.deliver(await toOutbound(phone, 50))).rejects.toMatchObject({
      opts: { permanent: true },
    });
    expect(l.fake.urgents.length).toBe(1);
  });
});
