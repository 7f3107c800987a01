import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { larkAdapter } from '../../../adapters/lark/index.js';
import { playgroundAdapter } from '../../../adapters/playground/index.js';
import { signExportToken, type ExportClaims } from '../../../src/services/meetings/exports.js';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { startFakeLark, type FakeLark } from '../../helpers/fake-lark.js';
import { APP_ID, APP_SECRET, ENCRYPT_KEY, VERIFICATION_TOKEN } from '../../helpers/lark-events.js';

let t: TestCore;
let fake: FakeLark;
const TOKEN = 'surface-token';

beforeAll(async () => {
  fake = await startFakeLark();
  const lark = larkAdapter({
    appId: APP_ID,
    appSecret: APP_SECRET,
    domain: fake.url,
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
  });
  t = await createTestCore({ env: { CORE_TOKEN: TOKEN }, adapters: [playgroundAdapter(), lark] });
  await setupBranch(t);
  await t.say({ from: 'admin', chat: 'g1', text: '会议 党员大会 今天下午3点' });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

/** Every POST route the app serves, read from the router: routes added later are covered too. */
function postRoutes(): string[] {
  return [...new Set(t.app.routes.filter((r) => r.method === 'POST').map((r) => r.path))];
}

/** A body that yields `chunk`-sized pieces up to `total` bytes, counting how much was pulled. */
function countingStream(total: number, chunk = 16 * 1024) {
  const state = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(ctrl) {
      if (state.pulled >= total) return ctrl.close();
      state.pulled += chunk;
      ctrl.enqueue(new Uint8Array(chunk).fill(0x20));
    },
  });
  return { stream, state };
}

describe('request body limits', () => {
  it('covers the message, webhook and playground routes', () => {
    expect(postRoutes()).toEqual(expect.arrayContaining(['/v1/messages', '/webhooks/lark', '/playground/send']));
  });

  it('every POST route refuses a declared oversized body with 413', async () => {
    for (const path of postRoutes()) {
      const body = JSON.stringify({ text: 'x'.repeat(t.config.MAX_BODY_BYTES) });
      const res = await t.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body,
      });
      expect(res.status, path).toBe(413);
    }
  });

  it('every POST route stops reading a streamed (chunked) body soon after the limit', async () => {
    for (const path of postRoutes()) {
      const { stream, state } = countingStream(50 * 1024 * 1024);
      const res = await t.app.request(path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
          authorization: `Bearer ${TOKEN}`,
        },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(res.status, path).toBe(413);
      // Before the global limit, /playground/send read all 50 MB into memory before refusing.
      expect(state.pulled, path).toBeLessThan(t.config.MAX_BODY_BYTES + 4 * 16 * 1024);
    }
  });
});

describe('response headers', () => {
  async function get(path: string, init?: RequestInit) {
    return t.app.request(path, init);
  }

  it('the playground page may not be framed, sniffed, cached or load from elsewhere', async () => {
    const res = await get('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("base-uri 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('answers that can hold personal data are never cached', async () => {
    const body = JSON.stringify({
      platform: 'playground',
      chatId: 'admin',
      chatType: 'direct',
      senderId: 'admin',
      messageId: 'h-1',
      text: '帮助',
    });
    const json = { 'content-type': 'application/json' };
    const answers = [
      await get('/v1/messages', { method: 'POST', headers: { ...json, authorization: `Bearer ${TOKEN}` }, body }),
      await get('/playground/send', { method: 'POST', headers: json, body: body.replace('h-1', 'h-2') }),
      await get('/playground/events'),
      await get('/v1/messages', { method: 'POST', headers: json, body }), // 401
      await get('/healthz'),
    ];
    for (const res of answers) {
      expect(res.headers.get('cache-control'), res.url).toBe('no-store');
      expect(res.headers.get('x-content-type-options'), res.url).toBe('nosniff');
    }
  });

  it('export downloads and their refusals: attachment, no-store, no referrer, nothing framed or run', async () => {
    const claims: ExportClaims = {
      target: { kind: 'meeting', meetingId: 1 },
      exp: t.clock.now().getTime() + 3_600_000,
      by: 'm-admin',
    };
    const token = await signExportToken(t.config, claims);
    for (const path of [`/exports/${token}.csv`, `/exports/${token}.xlsx`, '/exports/nope.csv']) {
      const res = await get(path);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      if (res.status === 200) expect(res.headers.get('content-disposition'), path).toMatch(/^attachment;/);
    }
  });
});

describe('signed export links', () => {
  const claims = (exp: number): ExportClaims => ({ target: { kind: 'meeting', meetingId: 1 }, exp, by: 'm-admin' });

  it('a valid link works until it expires, then is 410', async () => {
    const now = t.clock.now().getTime();
    const token = await signExportToken(t.config, claims(now + 60_000));
    expect((await t.app.request(`/exports/${token}.csv`)).status).toBe(200);
    const expired = await signExportToken(t.config, claims(now));
    expect((await t.app.request(`/exports/${expired}.csv`)).status).toBe(410);
  });

  it('changing any one character of a link, or signing with another key, gives 403', async () => {
    const token = await signExportToken(t.config, claims(t.clock.now().getTime() + 60_000));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    await fc.assert(
      fc.asyncProperty(fc.nat(token.length - 1), fc.constantFrom(...alphabet), async (i, ch) => {
        fc.pre(token[i] !== ch && token[i] !== '.');
        const forged = token.slice(0, i) + ch + token.slice(i + 1);
        const res = await t.app.request(`/exports/${forged}.csv`);
        // Base64url's last character can carry unused bits; a forgery that decodes to the same bytes is the same link.
        if (res.status === 200)
          expect(Buffer.from(forged.split('.')[1]!, 'base64url')).toEqual(
            Buffer.from(token.split('.')[1]!, 'base64url'),
          );
        else expect(res.status).toBe(403);
      }),
      { numRuns: 150 },
    );
    const other = await signExportToken(
      { ...t.config, PIONEER_DATA_KEY: Buffer.alloc(32, 9).toString('base64') },
      claims(t.clock.now().getTime() + 60_000),
    );
    expect((await t.app.request(`/exports/${other}.csv`)).status).toBe(403);
  });

  it('any path under /exports/ is 403, 404 or 410, never a 500 or a file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (s) => {
        const res = await t.app.request(`/exports/${encodeURIComponent(s)}${s.length % 2 ? '.csv' : '.xlsx'}`);
        expect([403, 404, 410]).toContain(res.status);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the playground beyond this machine', () => {
  it('is not served when HOST is not a loopback address, and the log says why', async () => {
    expect(t.log.lines.some((l) => /the playground is off/.test(l.msg))).toBe(false);
    const open = await createTestCore({ env: { HOST: '0.0.0.0' } });
    try {
      expect(open.log.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
        expect.stringMatching(/the playground is off: HOST 0\.0\.0\.0 is reachable beyond this machine/),
      ]);
      expect((await open.app.request('/')).status).toBe(404);
    } finally {
      await open.close();
    }
  });
});
