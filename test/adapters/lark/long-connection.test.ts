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
    await l.adapter.start!(l.t.core);
    await l.fake.ws.connected();

    const ev = messageEvent({ from: 'ou_admin', messageId: 'om_ws1', text: '建组织 泰山区某社区党委' });
    expect(await l.fake.ws.push(ev)).toMatchObject({ code: 200 });
    expect(await l.fake.ws.push(ev)).toMatchObject({ code: 200 });
    await l.adapter.settled();
    expect(l.fake.sent).toHaveLength(1);
    expect(l.fake.sent[0]).toMatchObject({ via: 'reply', replyTo: 'om_ws1', content: { text: '已创建党委「泰山区某社区党委」（顶层组织）。' } });

    // A card button over the long connection gets its toast back through the connection (the
    // admin has no member record, and callbacks skip the contact API, so the open_id names them).
    const [row] = await enqueueRows(l.t, [{ platform: 'lark', chatId: 'oc_g1', kind: 'notice', ref: '9', text: '通知内容', payload: { noticeId: 9 } }]);
    await l.adapter.deliverer.deliver(row!);
    const card = l.fake.sent.at(-1)!;
    const answer = await l.fake.ws.push(cardActionEvent({ operator: 'ou_admin', value: { action: 'pioneer.ack', noticeId: '9' }, cardMessageId: card.messageId, chat: 'oc_g1' }));
    expect(answer).toEqual({ code: 200, data: { toast: { type: 'info', content: 'ou_admin 已确认通知 #9（已确认 1/3）' } } });
    await l.adapter.settled();
    expect(l.fake.patches).toHaveLength(1);
  });
});
