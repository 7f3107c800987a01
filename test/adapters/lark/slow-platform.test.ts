import { afterEach, describe, expect, it } from 'vitest';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';
import { messageEvent } from '../../helpers/lark-events.js';

let l: LarkTest;
afterEach(async () => {
  await l.close();
});

/** Feishu re-pushes an event when the 200 takes longer than this. */
const FEISHU_DEADLINE_MS = 3000;
const SLOW_SEND_MS = 5000;

describe('answering within Feishu’s 3 s', () => {
  it('answers 200 at once even when sending the reply takes 5 s; the reply arrives later', async () => {
    l = await createLarkTest();
    l.fake.sendDelayMs = SLOW_SEND_MS;
    const started = performance.now();
    const res = await l.sender.post(
      messageEvent({ from: 'ou_admin', messageId: 'om_slow', text: '建组织 泰山区某社区党委' }),
    );
    const answeredMs = performance.now() - started;
    expect(res.status).toBe(200);
    expect(answeredMs).toBeLessThan(1000);
    expect(answeredMs).toBeLessThan(FEISHU_DEADLINE_MS);
    expect(l.fake.sent).toHaveLength(0);

    const [reply] = await l.fake.waitFor(() => l.fake.sent.length > 0 && l.fake.sent, 15_000);
    expect(reply).toMatchObject({ via: 'reply', replyTo: 'om_slow' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(SLOW_SEND_MS - 50);
    await l.adapter.settled();
  });
});
