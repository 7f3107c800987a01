import { afterEach, describe, expect, it } from 'vitest';
import { dingtalkSign } from '../../../adapters/dingtalk/index.js';
import {
  CLIENT_SECRET,
  createDingTalkTest,
  robotMessage,
  sentText,
  type DingTalkTest,
} from '../../helpers/dingtalk.js';

let d: DingTalkTest;
afterEach(async () => {
  await d.close();
});

const HOUR = 60 * 60 * 1000;

describe('DINGTALK_MODE=webhook: POST /webhooks/dingtalk', () => {
  it('answers a signed callback and works on it once, also when DingTalk sends it again', async () => {
    d = await createDingTalkTest({ adapter: { mode: 'webhook' } });
    const body = robotMessage(
      d.fake.url,
      { from: 'admin', text: '建组织 泰山区某社区党委', msgId: 'm-web-1' },
      d.t.clock.now().getTime(),
    );
    const first = await d.post(body);
    expect(first.status).toBe(200);
    await d.adapter.settled();
    // A second POST of the same message (a later timestamp, so a fresh signature) does nothing.
    d.t.clock.advance(1000);
    expect((await d.post(body)).status).toBe(200);
    await d.adapter.settled();
    expect(d.fake.sent.map(sentText)).toEqual(['已创建党委「泰山区某社区党委」（顶层组织）。']);
  });

  it('refuses a wrong sign, a missing one and a timestamp outside the 1 h window, with no effect', async () => {
    d = await createDingTalkTest({ adapter: { mode: 'webhook' } });
    const body = robotMessage(
      d.fake.url,
      { from: 'admin', text: '建组织 泰山区某社区党委' },
      d.t.clock.now().getTime(),
    );
    const now = d.t.clock.now().getTime();
    expect((await d.post(body, { sign: dingtalkSign(String(now), 'not-the-secret') })).status).toBe(401);
    const stale = now - HOUR - 1000;
    expect((await d.post(body, { timestamp: stale, sign: dingtalkSign(String(stale), CLIENT_SECRET) })).status).toBe(
      401,
    );
    const res = await d.t.app.request('/webhooks/dingtalk', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: expect.any(String) });
    const fine = now - HOUR + 60_000;
    expect((await d.post(body, { timestamp: fine, sign: dingtalkSign(String(fine), CLIENT_SECRET) })).status).toBe(200);
    await d.adapter.settled();
    expect(d.fake.sent).toHaveLength(1);
  });

  it('answers 400 to a body that is not JSON, and is not there in Stream mode', async () => {
    d = await createDingTalkTest({ adapter: { mode: 'webhook' } });
    const ts = String(d.t.clock.now().getTime());
    const res = await d.t.app.request('/webhooks/dingtalk', {
      method: 'POST',
      headers: { timestamp: ts, sign: dingtalkSign(ts, CLIENT_SECRET) },
      body: 'not json',
    });
    expect(res.status).toBe(400);
    await d.close();
    d = await createDingTalkTest();
    expect((await d.post({})).status).toBe(404);
  });
});
