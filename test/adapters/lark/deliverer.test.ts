import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/contracts/errors.js';
import { platformKey } from '../../../src/outbox/keys.js';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';
import { enqueueRows } from '../../helpers/outbox-rows.js';

let l: LarkTest;
beforeEach(async () => {
  l = await createLarkTest();
});
afterEach(async () => {
  await l.close();
});

const reminder = (chatId: string, extra: Partial<Parameters<typeof enqueueRows>[1][number]> = {}) => ({
  platform: 'lark',
  chatId,
  kind: 'reminder',
  ref: 'r1',
  text: '会议 1 小时后开始，@张三 请准时参加。',
  mentions: [
    { id: 'ou_u1', name: '张三' },
    { id: 'ou_u2', name: '李四' },
  ],
  ...extra,
});

async function rejection(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('the Lark deliverer', () => {
  it('sends a text row to its chat with mentions rendered and the row key as uuid', async () => {
    const [row] = await enqueueRows(l.t, [reminder('oc_g1')]);
    await l.adapter.deliverer.deliver(row!);
    expect(l.fake.sent).toHaveLength(1);
    // The key the relay hands over: 32 hex digits of SHA-256 of the row's idem_key.
    const uuid = await platformKey('reminder:r1:lark:c:oc_g1');
    expect(uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(l.fake.sent[0]).toMatchObject({ via: 'create', receiveIdType: 'chat_id', receiveId: 'oc_g1' });
    expect(l.fake.sent[0]!.msgType).toBe('text');
    expect(l.fake.sent[0]!.uuid).toBe(uuid);
    // 李四 is not named in the text, so the mention goes in front, as a person would type it.
    expect(l.fake.sent[0]!.content.text).toBe(
      '<at user_id="ou_u2">李四</at> 会议 1 小时后开始，<at user_id="ou_u1">张三</at> 请准时参加。',
    );
  });

  it('sends a direct row to the person by open_id', async () => {
    const [row] = await enqueueRows(l.t, [
      {
        platform: 'lark',
        chatId: 'ou_u1',
        direct: true,
        kind: 'makeup.decision',
        ref: '3',
        text: '你的补签申请已批准。',
      },
    ]);
    await l.adapter.deliverer.deliver(row!);
    expect(l.fake.sent[0]).toMatchObject({
      receiveIdType: 'open_id',
      receiveId: 'ou_u1',
      content: { text: '你的补签申请已批准。' },
    });
  });

  it('sending a row twice posts once (Feishu dedupes on the uuid)', async () => {
    const [row] = await enqueueRows(l.t, [reminder('oc_g1')]);
    await l.adapter.deliverer.deliver(row!);
    await l.adapter.deliverer.deliver(row!);
    expect(l.fake.sent).toHaveLength(1);
    expect(l.fake.duplicateSends).toBe(1);
  });

  it('hashes idempotency keys longer than 50 characters, the same way every time', async () => {
    // Outbox keys are 32 characters; a longer one (as replies' keys can be) is hashed down.
    const [row] = await enqueueRows(l.t, [
      reminder('oc_a_rather_long_chat_identifier_0123456789', { ref: 'meeting-2026-12-01-quarterly' }),
    ]);
    expect(row!.idempotencyKey).toHaveLength(32);
    const long = { ...row!, idempotencyKey: `om_${'x'.repeat(60)}:r0` };
    await l.adapter.deliverer.deliver(long);
    await l.adapter.deliverer.deliver(long);
    const uuid = l.fake.sent[0]!.uuid!;
    expect(uuid.length).toBeLessThanOrEqual(50);
    expect(uuid).toMatch(/^h-[0-9a-f]{48}$/);
    expect(l.fake.duplicateSends).toBe(1);
  });

  it('a rate limit throws DeliveryError with retryAfterMs from x-ogw-ratelimit-reset', async () => {
    const [row] = await enqueueRows(l.t, [reminder('oc_g1')]);
    l.fake.rateLimit(1, 2);
    const err = await rejection(l.adapter.deliverer.deliver(row!));
    expect(err.opts).toMatchObject({ retryAfterMs: 2000, status: 429 });
    expect(err.opts.permanent).toBeFalsy();
    await l.adapter.deliverer.deliver(row!);
    expect(l.fake.sent).toHaveLength(1);
  });

  it('a chat the bot cannot post to is a permanent failure', async () => {
    l.fake.refusedChats.add('oc_gone');
    const [row] = await enqueueRows(l.t, [reminder('oc_gone')]);
    const err = await rejection(l.adapter.deliverer.deliver(row!));
    expect(err.opts.permanent).toBe(true);
    expect(err.message).toContain('230002');
  });

  it('an unreachable Open API is a retryable failure', async () => {
    const [row] = await enqueueRows(l.t, [reminder('oc_g1')]);
    await l.fake.close();
    const err = await rejection(l.adapter.deliverer.deliver(row!));
    expect(err.opts.permanent).toBeFalsy();
    await l.fake.start(); // so close() in afterEach has a server to stop
  });

  it('people cannot smuggle mentions in through text', async () => {
    const [row] = await enqueueRows(l.t, [
      {
        platform: 'lark',
        chatId: 'oc_g1',
        kind: 'notice.text',
        ref: '1',
        text: '欢迎 <at user_id="all">所有人</at> 加入',
        mentions: [{ id: 'ou_x" all="1', name: 'x' }],
      },
    ]);
    await l.adapter.deliverer.deliver(row!);
    expect(l.fake.sent[0]!.content.text).toBe('欢迎 ＜at user_id="all">所有人＜/at> 加入');
  });
});
