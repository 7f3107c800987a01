import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LARK_EVENT_RETENTION_MS, LARK_REQUEST_MAX_SKEW_MS } from '../../../adapters/lark/constants.js';
import { createLarkTest, type LarkTest } from '../../helpers/lark.js';
import {
  APP_ID,
  APP_SECRET,
  cardActionEvent,
  encryptBody,
  ENCRYPT_KEY,
  messageEvent,
  signature,
  VERIFICATION_TOKEN,
} from '../../helpers/lark-events.js';
import { startNode } from '../../helpers/node-child.js';

// Feishu/Lark callbacks in production (issue 14): a webhook that cannot authenticate them does
// not start; with a key set, nothing unsigned, undated or addressed elsewhere is taken in; a
// captured request cannot be replayed once the dedupe has forgotten its event id.

describe('start-up in production', () => {
  const DATA_KEY = Buffer.alloc(32, 5).toString('base64');
  // LARK_DOMAIN: nothing leaves the machine (the webhook mode calls the Open API only to answer).
  const lark = { LARK_APP_ID: APP_ID, LARK_APP_SECRET: APP_SECRET, LARK_DOMAIN: 'http://127.0.0.1:9' };
  const base = { NODE_ENV: 'production', PIONEER_DATA_KEY: DATA_KEY, ...lark };

  /** Starts the real Node entry in a scratch folder; what it printed if it stopped, null once it serves. */
  async function start(env: Record<string, string>): Promise<{ output: string; data: boolean } | null> {
    const dir = mkdtempSync(join(tmpdir(), 'pioneer-lark-start-'));
    const output: string[] = [];
    try {
      const child = await startNode(env, dir, output).catch(() => null);
      if (!child) return { output: output.join(''), data: existsSync(join(dir, 'data')) };
      child.proc.kill('SIGTERM');
      await child.exited;
      return null;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it(
    'refuses webhook mode without LARK_ENCRYPT_KEY and LARK_VERIFICATION_TOKEN, in one error with the rest',
    { timeout: 120_000 },
    async () => {
      const refused = await start(base);
      expect(refused).not.toBeNull();
      const lines = refused!.output.split('\n');
      expect(lines[0]).toBe('invalid configuration');
      // Every refusal in one message: the core's (CORE_TOKEN) and the Lark module's, each named.
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^ {2}CORE_TOKEN: required in production/),
          expect.stringMatching(/^ {2}LARK_ENCRYPT_KEY: required in production with LARK_MODE=webhook/),
          expect.stringMatching(/^ {2}LARK_VERIFICATION_TOKEN: required in production with LARK_MODE=webhook/),
        ]),
      );
      // Refused before anything was opened: no database file was created.
      expect(refused!.data).toBe(false);

      const oneKey = await start({ ...base, CORE_TOKEN: 'c'.repeat(40), LARK_ENCRYPT_KEY: ENCRYPT_KEY });
      expect(oneKey?.output).toMatch(/LARK_VERIFICATION_TOKEN: required in production/);
      expect(oneKey?.output).not.toMatch(/LARK_ENCRYPT_KEY:|CORE_TOKEN:/);

      const both = { LARK_ENCRYPT_KEY: ENCRYPT_KEY, LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN };
      expect(await start({ ...base, CORE_TOKEN: 'c'.repeat(40), ...both })).toBeNull();
    },
  );
});

let l: LarkTest;
afterEach(async () => {
  await l?.close();
});

const nowS = () => String(Math.floor(l.t.clock.now().getTime() / 1000));

/** An encrypted, signed request exactly as Feishu sends it, to post (and replay) byte for byte. */
function captured(payload: unknown): { body: string; headers: Record<string, string> } {
  const body = encryptBody(payload, ENCRYPT_KEY);
  const ts = nowS();
  const nonce = `n-${ts}`;
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-lark-request-timestamp': ts,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': signature(ts, nonce, ENCRYPT_KEY, body),
    },
  };
}

async function post(req: { body: string; headers: Record<string, string> }): Promise<number> {
  const res = await l.t.app.request('/webhooks/lark', { method: 'POST', headers: req.headers, body: req.body });
  await l.adapter.settled();
  return res.status;
}

/** A payload without `header.app_id`, otherwise as Feishu sends it. */
function withoutAppId(payload: Record<string, unknown>): Record<string, unknown> {
  const { app_id: _drop, ...header } = payload.header as Record<string, unknown>;
  return { ...payload, header };
}

describe('with an encrypt key set', () => {
  it('an event must name the app: a signed one without app_id is refused', async () => {
    l = await createLarkTest();
    expect(await post(captured(withoutAppId(messageEvent({ from: 'ou_admin', text: '建组织 甲' }))))).toBe(401);
    const headers = captured(messageEvent({ from: 'ou_admin', text: '建组织 甲' }));
    const { 'x-lark-request-timestamp': _ts, ...undated } = headers.headers;
    expect(await post({ body: headers.body, headers: undated })).toBe(401);
    expect(l.fake.sent).toEqual([]);
    const units = await l.t.store.client.execute('SELECT count(*) AS n FROM units');
    expect(Number(units.rows[0]!.n)).toBe(0);
  });

  it('card presses are authenticated the same way', async () => {
    l = await createLarkTest();
    const press = (o: { appId?: boolean; token?: string } = {}) => {
      const ev = cardActionEvent({
        operator: 'ou_admin',
        value: { action: 'pioneer.ack', noticeId: '1' },
        cardMessageId: 'om_card_1',
        chat: 'oc_g1',
      });
      const header = ev.header as Record<string, unknown>;
      if (o.token) header.token = o.token;
      return o.appId === false ? withoutAppId(ev) : ev;
    };
    const before = await l.t.store.client.execute('SELECT count(*) AS n FROM claimed_events');
    expect(await post(captured(press({ appId: false })))).toBe(401);
    expect(await post(captured(press({ token: 'forged' })))).toBe(401);
    expect((await l.sender.post(press(), { signature: null })).status).toBe(401);
    expect((await l.sender.post(press(), { signature: 'ab'.repeat(32) })).status).toBe(401);
    expect((await l.sender.post(press(), { plain: true, signature: null })).status).toBe(401);
    const after = await l.t.store.client.execute('SELECT count(*) AS n FROM claimed_events');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    // A genuine press is taken in (and answered: there is no notice #1 here).
    expect(await post(captured(press()))).toBe(200);
  });

  it('a captured event replayed after the old retention, inside the window, is refused', async () => {
    // A window longer than the retention (30 h against 24 h): before the fix the dedupe forgot the
    // event id after 24 h while its signed timestamp was still admitted.
    const windowMs = 30 * 3600_000;
    expect(windowMs).toBeGreaterThan(LARK_EVENT_RETENTION_MS);
    l = await createLarkTest({ adapter: { maxRequestSkewMs: windowMs } });
    const first = captured(messageEvent({ from: 'ou_admin', text: '帮助' }));
    expect(await post(first)).toBe(200);
    expect(l.fake.sent).toHaveLength(1);

    l.t.clock.advance(LARK_EVENT_RETENTION_MS + 3600_000);
    // Another event prunes the ids older than the retention: the first one's is gone.
    await l.say({ from: 'ou_admin', text: '帮助' });
    const ids = await l.t.store.client.execute('SELECT count(*) AS n FROM claimed_events');
    expect(Number(ids.rows[0]!.n)).toBe(1);
    const sent = l.fake.sent.length;

    expect(await post(first)).toBe(401);
    expect(l.fake.sent).toHaveLength(sent);
    expect(l.t.log.lines.map((x) => x.msg)).toContain(
      'lark webhook: request timestamp window cut to half the event-id retention',
    );
  });

  it('keeps event ids at least twice as long as the default timestamp window', () => {
    expect(2 * LARK_REQUEST_MAX_SKEW_MS).toBeLessThanOrEqual(LARK_EVENT_RETENTION_MS);
  });
});
