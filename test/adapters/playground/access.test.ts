import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { APP_ID, APP_SECRET } from '../../helpers/lark-events.js';

// Development mode on a network (issue 14): the playground answers only same-origin JSON from a
// loopback Host (or PUBLIC_URL's), posts as its own personas only, and is not served beyond this
// machine or beside a real platform unless PLAYGROUND=on, which then requires CORE_TOKEN.

const cores: TestCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
});
async function core(env: Record<string, string> = {}): Promise<TestCore> {
  const t = await createTestCore({ env: { PIONEER_ADMINS: 'playground:admin,lark:ou_admin', ...env } });
  cores.push(t);
  return t;
}

const SAME_ORIGIN = { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' };
let seq = 0;
function message(over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    platform: 'playground',
    chatId: 'admin',
    chatType: 'direct',
    senderId: 'admin',
    messageId: `pg-${++seq}`,
    text: '建组织 测试党委',
    ...over,
  });
}
async function send(t: TestCore, body: string, headers: Record<string, string> = SAME_ORIGIN, base = '') {
  return t.app.request(`${base}/playground/send`, { method: 'POST', headers, body });
}
async function units(t: TestCore): Promise<number> {
  return Number((await t.store.client.execute('SELECT count(*) AS n FROM units')).rows[0]!.n);
}

describe('POST /playground/send', () => {
  it('posts as playground personas only: never as another platform or someone else in a direct chat', async () => {
    const t = await core();
    const asLark = await send(t, message({ platform: 'lark', senderId: 'ou_admin', chatId: 'ou_admin' }));
    expect(asLark.status).toBe(403);
    expect(await asLark.json()).toMatchObject({ field: 'platform' });
    const inOthersChat = await send(t, message({ chatId: 'm1' }));
    expect(inOthersChat.status).toBe(403);
    expect(await inOthersChat.json()).toMatchObject({ field: 'chatId' });
    expect((await send(t, message({ senderId: 'a b', chatId: 'a b' }))).status).toBe(403);
    expect(await units(t)).toBe(0);
    // A persona, in its own direct chat or in a group: runs.
    expect((await send(t, message())).status).toBe(200);
    expect((await send(t, message({ chatId: 'g1', chatType: 'group', text: '帮助' }))).status).toBe(200);
    expect(await units(t)).toBe(1);
  });

  it('takes application/json only (415 otherwise), here and on /v1/messages', async () => {
    const t = await core();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const headers = { ...SAME_ORIGIN, 'content-type': type };
      expect((await send(t, message(), headers)).status, type).toBe(415);
      const v1 = await t.app.request('/v1/messages', { method: 'POST', headers, body: message() });
      expect(v1.status, type).toBe(415);
    }
    const { 'content-type': _none, ...untyped } = SAME_ORIGIN;
    expect((await send(t, message(), untyped)).status).toBe(415);
    expect(await units(t)).toBe(0);
    expect(
      (await send(t, message(), { ...SAME_ORIGIN, 'content-type': 'application/json; charset=utf-8' })).status,
    ).toBe(200);
  });

  it('requires a same-origin request (Sec-Fetch-Site or Origin)', async () => {
    const t = await core();
    const json = { 'content-type': 'application/json' };
    const refused: Record<string, string>[] = [
      json,
      { ...json, 'sec-fetch-site': 'cross-site' },
      { ...json, 'sec-fetch-site': 'same-site' },
      { ...json, origin: 'http://evil.example' },
      { ...json, origin: 'null' },
      { ...json, 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:9999' },
    ];
    for (const headers of refused)
      expect((await send(t, message(), headers)).status, JSON.stringify(headers)).toBe(403);
    expect(await units(t)).toBe(0);
    expect((await send(t, message(), { ...json, origin: 'http://localhost' })).status).toBe(200);
  });

  it('answers a loopback Host only: a foreign name pointed at this machine gets 403 everywhere', async () => {
    const t = await core();
    expect((await send(t, message(), SAME_ORIGIN, 'http://evil.example')).status).toBe(403);
    expect((await t.app.request('http://evil.example/')).status).toBe(403);
    expect((await t.app.request('http://evil.example/playground/main.js')).status).toBe(403);
    expect((await t.app.request('http://evil.example/playground/events')).status).toBe(403);
    expect(await units(t)).toBe(0);
    for (const base of ['http://127.0.0.1:8787', 'http://localhost:3000', 'http://[::1]:8787'])
      expect((await t.app.request(`${base}/`)).status, base).toBe(200);
  });
});

describe('where the playground is served', () => {
  it('not on a HOST beyond this machine, behind a public PUBLIC_URL, or beside a real platform', async () => {
    const lark = { LARK_APP_ID: APP_ID, LARK_APP_SECRET: APP_SECRET, LARK_DOMAIN: 'http://127.0.0.1:9' };
    const envs: Record<string, string>[] = [{ HOST: '0.0.0.0' }, { PUBLIC_URL: 'https://pioneer.example.org' }, lark];
    for (const env of envs) {
      const t = await core(env);
      expect((await t.app.request('/')).status, JSON.stringify(env)).toBe(404);
      expect((await send(t, message())).status, JSON.stringify(env)).toBe(404);
      expect(t.adapters.map((a) => a.platform)).not.toContain('playground');
    }
  });

  it('PLAYGROUND=on serves it there, and every send and poll must carry CORE_TOKEN', async () => {
    const token = 'p'.repeat(40);
    const t = await core({
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://pioneer.example.org',
      PLAYGROUND: 'on',
      CORE_TOKEN: token,
    });
    const site = 'https://pioneer.example.org';
    expect((await t.app.request(`${site}/`)).status).toBe(200);
    expect((await send(t, message(), SAME_ORIGIN, site)).status).toBe(401);
    expect((await send(t, message(), { ...SAME_ORIGIN, authorization: 'Bearer wrong' }, site)).status).toBe(401);
    expect((await t.app.request(`${site}/playground/events`, { headers: SAME_ORIGIN })).status).toBe(401);
    expect(await units(t)).toBe(0);
    const auth = { ...SAME_ORIGIN, authorization: `Bearer ${token}`, origin: site };
    expect((await send(t, message(), auth, site)).status).toBe(200);
    expect((await t.app.request(`${site}/playground/events`, { headers: auth })).status).toBe(200);
    // The token does not make a stranger's Host or another platform acceptable.
    expect((await send(t, message(), auth, 'http://evil.example')).status).toBe(403);
    expect(
      (await send(t, message({ platform: 'lark', senderId: 'ou_admin', chatId: 'ou_admin' }), auth, site)).status,
    ).toBe(403);
  });

  it('PLAYGROUND=on without CORE_TOKEN, or in production, stops start-up naming the variable', async () => {
    await expect(core({ PLAYGROUND: 'on' })).rejects.toThrow(/CORE_TOKEN: required with PLAYGROUND=on/);
    const prod = {
      NODE_ENV: 'production',
      PLAYGROUND: 'on',
      CORE_TOKEN: 'p'.repeat(40),
      PIONEER_DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
    };
    await expect(core(prod)).rejects.toThrow(/PLAYGROUND: the playground is never served in production/);
  });
});
