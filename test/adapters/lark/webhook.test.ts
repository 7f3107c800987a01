import { afterEach, describe, expect, it } from 'vitest';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';
import { schedulerOf } from '../../helpers/reminders.js';
import {
  APP_ID,
  encryptBody,
  ENCRYPT_KEY,
  messageEvent,
  signature,
  VERIFICATION_TOKEN,
} from '../../helpers/lark-events.js';

let l: LarkTest;
afterEach(async () => {
  await l.close();
});

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['claimed_events', 'processed_messages', 'units', 'audit_log']) {
    const r = await l.t.store.client.execute(`SELECT count(*) AS n FROM ${table}`);
    out[table] = Number(r.rows[0]!.n);
  }
  return out;
}

const NOW_S = () => Math.floor(l.t.clock.now().getTime() / 1000);

describe('URL verification', () => {
  it('answers a plain challenge (no encrypt key) and checks its token', async () => {
    l = await createLarkTest({ encryptKey: null });
    const ok = await l.sender.post({ challenge: 'abc-123', token: VERIFICATION_TOKEN, type: 'url_verification' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ challenge: 'abc-123' });
    const bad = await l.sender.post({ challenge: 'abc-123', token: 'nope', type: 'url_verification' });
    expect(bad.status).toBe(401);
  });

  it('answers an encrypted challenge, which Feishu sends unsigned', async () => {
    l = await createLarkTest();
    const res = await l.sender.post(
      { challenge: 'enc-456', token: VERIFICATION_TOKEN, type: 'url_verification' },
      { signature: null },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'enc-456' });
  });
});

describe('refused with 401 and no effect', () => {
  const event = () => messageEvent({ from: 'ou_admin', text: '建组织 泰山区某社区党委' });
  const cases: { name: string; post: () => Promise<Response> }[] = [
    { name: 'a wrong signature', post: () => l.sender.post(event(), { signature: 'ab'.repeat(32) }) },
    {
      name: 'a changed body',
      post: () =>
        l.sender.post(event(), {
          tamper: (b) => b.replace(/"encrypt":"(.)/, (_m, c: string) => `"encrypt":"${c === 'A' ? 'B' : 'A'}`),
        }),
    },
    { name: 'a missing signature', post: () => l.sender.post(event(), { signature: null }) },
    {
      name: 'a wrong verification token',
      post: () => l.sender.post(messageEvent({ from: 'ou_admin', text: '建组织 甲', token: 'forged' })),
    },
    {
      name: 'another app id',
      post: () => l.sender.post(messageEvent({ from: 'ou_admin', text: '建组织 甲', appId: 'cli_ffffffffffffffff' })),
    },
    { name: 'a stale timestamp', post: () => l.sender.post(event(), { timestamp: String(NOW_S() - 2 * 3600) }) },
    {
      name: 'a timestamp from the future',
      post: () => l.sender.post(event(), { timestamp: String(NOW_S() + 2 * 3600) }),
    },
    { name: 'an unparseable body', post: () => l.sender.post(null, { raw: '{"encrypt": "not json' }) },
    {
      name: 'an encrypted body that does not decrypt',
      post: () => l.sender.post(null, { raw: JSON.stringify({ encrypt: 'AAAA'.repeat(12) }) }),
    },
    {
      name: 'a body encrypted with another key',
      post: () => l.sender.post(null, { raw: encryptBody(event(), 'other-key') }),
    },
  ];
  it.each(cases)('$name', async (c) => {
    l = await createLarkTest();
    const before = await counts();
    const res = await c.post();
    expect(res.status).toBe(401);
    expect(typeof ((await res.json()) as { error?: unknown }).error).toBe('string');
    await l.adapter.settled();
    expect(await counts()).toEqual(before);
    expect(l.fake.sent).toEqual([]);
  });

  it('a plain (unencrypted) event with a wrong token when no encrypt key is set', async () => {
    l = await createLarkTest({ encryptKey: null });
    const res = await l.sender.post(messageEvent({ from: 'ou_admin', text: '建组织 甲', token: 'forged' }));
    expect(res.status).toBe(401);
    await l.adapter.settled();
    expect(l.fake.sent).toEqual([]);
  });
});

describe('accepted once', () => {
  it('the same event delivered 5 times at once: five 200s, one effect', async () => {
    l = await createLarkTest();
    const ev = messageEvent({ from: 'ou_admin', text: '建组织 泰山区某社区党委' });
    const res = await Promise.all(Array.from({ length: 5 }, () => l.sender.post(ev)));
    expect(res.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await l.adapter.settled();
    expect(await counts()).toMatchObject({ claimed_events: 1, processed_messages: 1, units: 1 });
    expect(l.fake.texts()).toEqual(['已创建党委「泰山区某社区党委」（顶层组织）。']);
    // Handled once, not merely deduplicated further down (by the core or by Feishu's uuid).
    expect(l.fake.duplicateSends).toBe(0);
  });

  it("Feishu's re-pushes (fresh timestamp, same event id) up to 6 h later change nothing", async () => {
    l = await createLarkTest();
    const ev = messageEvent({ from: 'ou_admin', text: '建组织 泰山区某社区党委' });
    expect((await l.sender.post(ev)).status).toBe(200);
    for (const laterMs of [15_000, 5 * 60_000, 3600_000, 6 * 3600_000]) {
      l.t.clock.advance(laterMs);
      expect((await l.sender.post(ev)).status).toBe(200);
    }
    await l.adapter.settled();
    expect(await counts()).toMatchObject({ claimed_events: 1, units: 1 });
    expect(l.fake.sent).toHaveLength(1);
    expect(l.fake.duplicateSends).toBe(0);
  });

  it('a request signed a little while ago (transit, clock skew) is accepted', async () => {
    l = await createLarkTest();
    const res = await l.sender.post(messageEvent({ from: 'ou_admin', text: '帮助' }), {
      timestamp: String(NOW_S() - 50 * 60),
    });
    expect(res.status).toBe(200);
    await l.adapter.settled();
    expect(l.fake.sent).toHaveLength(1);
  });

  it('the scheduler prunes event ids older than the retention period', async () => {
    l = await createLarkTest();
    await l.say({ from: 'ou_admin', text: '帮助' });
    l.t.clock.advance(25 * 3600_000);
    await l.say({ from: 'ou_admin', text: '帮助' });
    const tick = await schedulerOf(l.t).tickOnce();
    expect(tick.retention).toMatchObject({ claimed_events: 1 });
    const r = await l.t.store.client.execute("SELECT count(*) AS n FROM claimed_events WHERE platform = 'lark'");
    expect(Number(r.rows[0]!.n)).toBe(1);
  });

  it('checks the signature over the raw text, not a re-serialization', async () => {
    l = await createLarkTest();
    // Same JSON, different bytes: the signature made over the spaced text still matches it.
    const raw = encryptBody(messageEvent({ from: 'ou_admin', text: '帮助' }), ENCRYPT_KEY).replace(
      '{"encrypt":',
      '{ "encrypt" : ',
    );
    const ts = String(NOW_S());
    const res = await l.t.app.request('/webhooks/lark', {
      method: 'POST',
      headers: {
        'x-lark-request-timestamp': ts,
        'x-lark-request-nonce': 'n1',
        'x-lark-signature': signature(ts, 'n1', ENCRYPT_KEY, raw),
      },
      body: raw,
    });
    expect(res.status).toBe(200);
    await l.adapter.settled();
    expect(l.fake.sent).toHaveLength(1);
    expect(APP_ID).toMatch(/^cli_/);
  });
});
