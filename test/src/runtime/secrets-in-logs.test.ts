import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { larkAdapter, larkConfig, type LarkAdapter } from '../../../adapters/lark/index.js';
import { playgroundAdapter } from '../../../adapters/playground/index.js';
import { ConfigError, loadConfig } from '../../../src/contracts/config/index.js';
import { enqueue } from '../../../src/outbox/enqueue.js';
import { Relay } from '../../../src/outbox/relay.js';
import { memoryLogger } from '../../../src/contracts/log.js';
import { Work } from '../../../src/contracts/work.js';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { randomSecrets, secretsIn } from '../../helpers/crash-checks.js';
import { APP_ID, LarkSender, messageEvent } from '../../helpers/lark-events.js';

const secrets = randomSecrets();
let t: TestCore;
let adapter: LarkAdapter;
const adapterLog = memoryLogger();
let hostile: Server;
let hostileUrl = '';
const received: string[] = [];

beforeAll(async () => {
  // An Open API that refuses the app secret and fails every send: the error paths log the most.
  hostile = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += String(c)));
    req.on('end', () => {
      received.push(body);
      const token = req.url?.startsWith('/open-apis/auth/');
      res.writeHead(token ? 400 : 500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(token ? { code: 10014, msg: 'app secret invalid' } : { code: 1, msg: 'internal error' }));
    });
  });
  await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', r));
  hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
  adapter = larkAdapter({
    appId: APP_ID,
    appSecret: secrets.LARK_APP_SECRET,
    encryptKey: secrets.LARK_ENCRYPT_KEY,
    verificationToken: secrets.LARK_VERIFICATION_TOKEN,
    domain: hostileUrl,
    log: adapterLog,
  });
  t = await createTestCore({
    env: {
      CORE_TOKEN: secrets.CORE_TOKEN,
      PIONEER_DATA_KEY: secrets.PIONEER_DATA_KEY,
      LARK_APP_SECRET: secrets.LARK_APP_SECRET,
      LARK_ENCRYPT_KEY: secrets.LARK_ENCRYPT_KEY,
    },
    adapters: [playgroundAdapter(), adapter],
  });
});
afterAll(async () => {
  await adapter?.stop?.();
  await t?.close();
  await new Promise((r) => hostile?.close(r));
});

describe('secrets never reach the logs', () => {
  it(
    'not from refused requests, refused callbacks, ' + 'failed replies, failed deliveries or bad configuration',
    async () => {
      const printed: string[] = [];
      const capture = (chunk: unknown) => {
        printed.push(String(chunk));
        return true;
      };
      const spies = [
        vi.spyOn(process.stdout, 'write').mockImplementation(capture),
        vi.spyOn(process.stderr, 'write').mockImplementation(capture),
        ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
          vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void capture(a.map(String).join(' '))),
        ),
      ];
      let configError = '';
      try {
        const msg = {
          platform: 'playground',
          chatId: 'u1',
          chatType: 'direct',
          senderId: 'u1',
          messageId: 'x',
          text: '帮助',
        };
        for (const auth of ['', 'Bearer wrong', `Bearer ${secrets.CORE_TOKEN}x`, secrets.CORE_TOKEN]) {
          const res = await t.app.request('/v1/messages', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: auth },
            body: JSON.stringify(msg),
          });
          expect(res.status).toBe(401);
        }
        const lark = new LarkSender(t.app, t.clock, secrets.LARK_ENCRYPT_KEY);
        const event = () => messageEvent({ from: 'ou_x', text: '帮助', token: secrets.LARK_VERIFICATION_TOKEN });
        expect((await lark.post(event(), { signature: 'f'.repeat(64) })).status).toBe(401);
        expect((await lark.post(messageEvent({ from: 'ou_x', text: '帮助', token: 'wrong' }))).status).toBe(401);
        expect((await lark.post(event(), { timestamp: '1000000000' })).status).toBe(401);
        expect((await lark.post(event(), { raw: '{"encrypt":"bm90IHJlYWxseQ=="}' })).status).toBe(401);
        // Accepted: the bot answers, the token request is refused, the reply fails and is logged.
        expect((await lark.post(event())).status).toBe(200);
        await adapter.settled();
        // An outbox row to Lark: the relay's delivery fails and is logged.
        const work = new Work(t.store.db, t.clock.now());
        enqueue(work, [{ platform: 'lark', chatId: 'oc_1', kind: 'notice', ref: '1', text: '测试' }]);
        await t.store.batch(work.writes);
        await new Relay({ db: t.store.db, deliverers: [adapter.deliverer], clock: t.clock, log: t.log }).runOnce();
        try {
          loadConfig({
            NODE_ENV: 'production',
            CORE_TOKEN: secrets.CORE_TOKEN,
            PIONEER_DATA_KEY: `x${secrets.PIONEER_DATA_KEY}`,
          });
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          configError = (err as Error).message;
        }
        // The adapter's own variables are refused the same way: by name, never by value.
        try {
          larkConfig({ LARK_APP_SECRET: secrets.LARK_APP_SECRET, LARK_DOMAIN: `not a url ${secrets.LARK_APP_SECRET}` });
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          configError += `\n${(err as Error).message}`;
        }
      } finally {
        for (const s of spies) s.mockRestore();
      }
      const logged = [
        JSON.stringify(t.log.lines),
        JSON.stringify(adapterLog.lines),
        printed.join('\n'),
        configError,
      ].join('\n');
      // The paths above did log, and the secret really was in use on them.
      const msgs = t.log.lines.map((l) => l.msg);
      expect(msgs).toEqual(expect.arrayContaining(['lark callback refused', 'lark sdk', 'lark reply failed']));
      expect(msgs.some((m) => /outbox row dead|delivery failed/.test(m))).toBe(true);
      expect(configError).toMatch(/PIONEER_DATA_KEY/);
      expect(configError).toMatch(/LARK_DOMAIN/);
      expect(received.some((b) => b.includes(secrets.LARK_APP_SECRET))).toBe(true);
      expect(secretsIn(logged, secrets)).toEqual([]);
    },
  );
});
