import { afterEach, describe, expect, it } from 'vitest';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';
import { LARK_TEST_COMMANDS } from '../../helpers/lark-commands.js';
import { cardActionEvent, messageEvent } from '../../helpers/lark-events.js';
import { enqueueRows } from '../../helpers/outbox-rows.js';

let l: LarkTest;
afterEach(async () => {
  await l.close();
});

describe('LARK_MODE=ws (the SDK’s WSClient against the fake’s long connection)', () => {
  it('receives events over the long connection, once, and answers them like webhook events', async () => {
    l = await createLarkTest({ adapter: { mode: 'ws' }, commands: LARK_TEST_COMMANDS });
    expect((await l.t.app.request('/webhooks/lark', { method: 'POST', body: '{}' })).status).toBe(404);
    await l.adapter.start!(l.t.port);
    await l.fake.ws.connected();

    const ev = messageEvent({ from: 'ou_admin', messageId: 'om_ws1', text: '建组织 泰山区某社区党委' });
    expect(await l.fake.ws.push(ev)).toMatchObject({ code: 200 });
    expect(await l.fake.ws.push(ev)).toMatchObject({ code: 200 });
    await l.adapter.settled();
    expect(l.fake.sent).toHaveLength(1);
    expect(l.fake.sent[0]).toMatchObject({
      via: 'reply',
      replyTo: 'om_ws1',
      content: { text: '已创建党委「泰山区某社区党委」（顶层组织）。' },
    });

    // A card button over the long connection gets its toast back through the connection (the
    // administrator belongs to no branch, so no notice is theirs to confirm; nothing to re-render).
    const [row] = await enqueueRows(l.t, [
      { platform: 'lark', chatId: 'oc_g1', kind: 'notice', ref: '9', text: '通知内容', payload: { noticeId: 9 } },
    ]);
    await l.adapter.deliverer.deliver(row!);
    const card = l.fake.sent.at(-1)!;
    expect(card.msgType).toBe('interactive');
    const value = { action: 'pioneer.ack', noticeId: '9' };
    const pressed = cardActionEvent({ operator: 'ou_admin', value, cardMessageId: card.messageId, chat: 'oc_g1' });
    const toast = { type: 'info', content: '目前没有需要你确认的通知。' };
    expect(await l.fake.ws.push(pressed)).toEqual({ code: 200, data: { toast } });
    await l.adapter.settled();
    expect(l.fake.patches).toHaveLength(0);
  });
});
