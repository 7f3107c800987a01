import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/contracts/config/index.js';
import { assembleGateway } from '../../../src/runtime/assemble.js';
import { loadGatewayConfig } from '../../../src/runtime/gateway/config.js';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { rows } from '../../helpers/meetings.js';
import { enqueueRows } from '../../helpers/outbox-rows.js';

// Each gateway has its own token, bound to its platform (GATEWAY_TOKENS); src/http/auth.ts says
// what CORE_TOKEN and each gateway token may do, README "Security" says the same.

const WECHAT = 'wechat-gateway-token-0123456789abcdef';
const LARKISH = 'other-gateway-token-0123456789abcdefgh';
const CORE = 'core-token-0123456789abcdef0123456789';

let t: TestCore;
let server: ServerType | undefined;
afterEach(async () => {
  if (server) await new Promise<void>((r) => server!.close(() => r()));
  server = undefined;
  await t.close();
});

async function post(path: string, body: unknown, token: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await t.app.request(path, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

let seq = 0;
const message = (platform: string, text = '帮助') => ({
  platform,
  chatId: 'u1',
  chatType: 'direct' as const,
  senderId: 'u1',
  messageId: `m-${++seq}`,
  text,
});

describe('gateway tokens bound to a platform', () => {
  it('a gateway token posts only as its own platform; a mismatch is a 403 that changes nothing', async () => {
    t = await createTestCore({ env: { GATEWAY_TOKENS: `wechat:${WECHAT}`, PIONEER_ADMINS: 'lark:ou_admin' } });
    expect((await post('/v1/messages', message('wechat'), WECHAT)).status).toBe(200);
    // The wechat gateway's token cannot speak for a Feishu administrator.
    const forged = await post('/v1/messages', message('lark', '建组织 假党委'), WECHAT);
    expect(forged).toMatchObject({ status: 403, json: { field: 'platform' } });
    expect(await rows(t, 'SELECT name FROM units')).toEqual([]);
    expect((await post('/v1/messages', message('wechat'), null)).status).toBe(401);
    expect((await post('/v1/messages', message('wechat'), `${WECHAT}x`)).status).toBe(401);
  });

  it('CORE_TOKEN alone works as before; beside GATEWAY_TOKENS it posts only playground messages', async () => {
    t = await createTestCore({ env: { CORE_TOKEN: CORE } });
    for (const p of ['wechat', 'lark', 'playground'])
      expect((await post('/v1/messages', message(p), CORE)).status).toBe(200);
    await t.close();
    t = await createTestCore({ env: { CORE_TOKEN: CORE, GATEWAY_TOKENS: `wechat:${WECHAT},dingtalk:${LARKISH}` } });
    expect((await post('/v1/messages', message('playground'), CORE)).status).toBe(200);
    for (const p of ['wechat', 'lark', 'dingtalk'])
      expect((await post('/v1/messages', message(p), CORE)).status).toBe(403);
    expect((await post('/v1/messages', message('dingtalk'), LARKISH)).status).toBe(200);
    expect((await post('/v1/messages', message('wechat'), LARKISH)).status).toBe(403);
  });

  it("a gateway token leases and settles only its own platform's outbox rows", async () => {
    t = await createTestCore({ env: { GATEWAY_TOKENS: `wechat:${WECHAT},dingtalk:${LARKISH}`, CORE_TOKEN: CORE } });
    await enqueueRows(t, [
      { platform: 'wechat', chatId: 'r1@chatroom', kind: 'notice', ref: '1', text: '通知' },
      { platform: 'dingtalk', chatId: 'cid1', kind: 'notice', ref: '1', text: '通知（含个人信息）' },
    ]);
    const [wechatRow] = await rows(t, "SELECT id FROM outbox WHERE platform = 'wechat'");
    const [otherRow] = await rows(t, "SELECT id FROM outbox WHERE platform = 'dingtalk'");
    const claim = (platform: string, owner: string) => ({ platform, owner, max: 10, leaseMs: 5000 });

    expect((await post('/v1/outbox/claim', claim('dingtalk', 'gw-w'), WECHAT)).status).toBe(403);
    expect((await post('/v1/outbox/sends', { platform: 'dingtalk', since: 0, list: true }, WECHAT)).status).toBe(403);
    // CORE_TOKEN beside gateway tokens leases nothing: the rows are the gateways'.
    expect((await post('/v1/outbox/claim', claim('wechat', 'x'), CORE)).status).toBe(403);
    const mine = await post('/v1/outbox/claim', claim('wechat', 'gw-w'), WECHAT);
    expect((mine.json.rows as { id: number }[]).map((r) => r.id)).toEqual([wechatRow!.id]);

    // The other gateway's row, leased to it: the wechat token can neither ack nor release it.
    await post('/v1/outbox/claim', claim('dingtalk', 'gw-d'), LARKISH);
    const ack = { id: otherRow!.id, owner: 'gw-d', ok: true };
    expect((await post('/v1/outbox/ack', ack, WECHAT)).status).toBe(403);
    const release = { ids: [wechatRow!.id, otherRow!.id], owner: 'gw-d', notBefore: 0 };
    expect((await post('/v1/outbox/release', release, WECHAT)).status).toBe(403);
    expect(await rows(t, 'SELECT platform, status, lease_owner FROM outbox ORDER BY id')).toEqual([
      { platform: 'wechat', status: 'sending', lease_owner: 'gw-w' },
      { platform: 'dingtalk', status: 'sending', lease_owner: 'gw-d' },
    ]);
    expect((await post('/v1/outbox/ack', ack, LARKISH)).json).toEqual({ status: 'sent' });
  });

  it('the WeChat gateway sends its own GATEWAY_TOKEN, and the core answers it only as wechat', async () => {
    t = await createTestCore({ env: { GATEWAY_TOKENS: `wechat:${WECHAT}` } });
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => server!.once('listening', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const gateway = await assembleGateway({ env: { CORE_URL: url, GATEWAY_TOKEN: WECHAT }, adapters: [] });
    const msg = { ...message('wechat'), mentions: [], mentionsBot: false };
    expect((await gateway.port.handle(msg)).replies[0]!.text).toContain('先锋助手');
    await expect(gateway.port.handle({ ...msg, messageId: 'm-x', platform: 'lark' })).rejects.toThrow(/HTTP 403/);
  });
});

describe('tokens at start-up', () => {
  const prod = { NODE_ENV: 'production', PIONEER_DATA_KEY: Buffer.alloc(32, 1).toString('base64') };

  it('production refuses tokens shorter than 32 characters, naming the variable and never the value', () => {
    expect(() => loadConfig({ ...prod, CORE_TOKEN: 'short-token-1234567890' })).toThrow(
      /CORE_TOKEN: at least 32 characters in production/,
    );
    let message = '';
    try {
      loadConfig({ ...prod, GATEWAY_TOKENS: `wechat:${WECHAT},lark:abc-short-secret` });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/GATEWAY_TOKENS: entry 2 \(lark\) needs at least 32 characters/);
    expect(message).not.toContain('abc-short-secret');
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', CORE_URL: 'https://c', GATEWAY_TOKEN: 'short' })).toThrow(
      /GATEWAY_TOKEN: at least 32 characters in production/,
    );
    // Outside production a short token is a developer's choice.
    expect(loadConfig({ CORE_TOKEN: 'dev' }).CORE_TOKEN).toBe('dev');
  });

  it('production refuses playground administrators; gateway tokens alone are enough', () => {
    expect(() => loadConfig({ ...prod, CORE_TOKEN: CORE, PIONEER_ADMINS: 'lark:ou_a,playground:admin' })).toThrow(
      /PIONEER_ADMINS: playground:\* is refused in production/,
    );
    const cfg = loadConfig({ ...prod, GATEWAY_TOKENS: `wechat:${WECHAT}`, PIONEER_ADMINS: 'wechat:wxid_a' });
    expect(cfg.GATEWAY_TOKENS).toEqual([{ platform: 'wechat', token: WECHAT }]);
    expect(() => loadConfig({ ...prod })).toThrow(/CORE_TOKEN: required in production/);
  });

  it('GATEWAY_TOKENS entries are platform:token, one token per platform binding', () => {
    expect(() => loadConfig({ GATEWAY_TOKENS: 'wechat' })).toThrow(/GATEWAY_TOKENS: entry 1 is not platform:token/);
    expect(() => loadConfig({ GATEWAY_TOKENS: `wechat:${WECHAT},lark:${WECHAT}` })).toThrow(
      /entry 2 repeats the token/,
    );
  });
});
