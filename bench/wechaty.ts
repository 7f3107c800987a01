/**
 * `wechaty`: what the WeChat adapter costs, in process and as a gateway to a core over HTTP.
 *
 * Real Wechaty driven by wechaty-puppet-mock, the real core over a libSQL temp file, and (gateway
 * rows) the core served by @hono/node-server on 127.0.0.1. Rows, N each, one at a time:
 *   core          core.handle(「帮助」) alone, for scale
 *   in-process    a direct message through Wechaty → core → the reply said by the bot
 *   gateway       the same, the core reached through POST /v1/messages
 *   relay         outbox rows into N rooms by the relay over the database (no pacing)
 *   gateway relay the same rows leased from the core through /v1/outbox/* (claim, ack per row)
 * Pacing is off in the relay rows: they measure the machinery, which must stay far above what
 * a WeChat account may send (WECHAT_RATE_PER_MIN = 20 a minute). Env: BENCH_WECHATY_N (default 300).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { wechatyConfig } from '../adapters/wechaty/index.js';
import { createWechatyAdapter, type WechatyAdapter, type WechatyAdapterOptions } from '../adapters/wechaty/adapter.js';
import { openLibsqlStore } from '../src/db/libsql.js';
import { enqueue } from '../src/outbox/enqueue.js';
import { Relay } from '../src/outbox/relay.js';
import { defaultRelaySettings } from '../src/contracts/config/relay.js';
import { createLogger } from '../src/contracts/log.js';
import { Work } from '../src/contracts/work.js';
import { assemble, assembleGateway } from '../src/runtime/assemble.js';
import { MockWorld, WORLD } from '../test/helpers/wechaty-mock.js';
import { quantile, round, target, type Benchmark, type BenchResult, type Check, type Row } from './lib.js';

const N = Number(process.env.BENCH_WECHATY_N) > 0 ? Number(process.env.BENCH_WECHATY_N) : 300;
const TOKEN = 'bench-token';

type Measured = { lat: Float64Array; cpuUs: number; perSec: number };

async function measure(n: number, once: (i: number) => Promise<void>): Promise<Measured> {
  const lat = new Float64Array(n);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await once(i);
    lat[i] = performance.now() - s;
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  lat.sort();
  return { lat, cpuUs: (cpu.user + cpu.system) / n, perSec: (n / wall) * 1000 };
}

/** A logged-in mock account with N rooms and an adapter in front of it. */
async function account(rooms: number, opts: Omit<WechatyAdapterOptions, 'puppet'>) {
  const spec = {
    ...WORLD,
    rooms: Array.from({ length: rooms }, (_, i) => ({
      id: `room${i}@chatroom`,
      topic: `群${i}`,
      members: WORLD.rooms[0]!.members,
    })),
  };
  const world = new MockWorld(spec);
  const adapter = await createWechatyAdapter({
    ...opts,
    puppet: world.puppet,
    onHandled: (e) => world.handled.push(e),
  });
  return { world, adapter };
}

async function login(world: MockWorld, adapter: WechatyAdapter): Promise<void> {
  const done = new Promise<void>((r) => adapter.bot.once('login', () => r()));
  world.login();
  await done;
}

export const wechatyBench: Benchmark = {
  name: 'wechaty',
  description: 'WeChat adapter: message round trip and outbox delivery, in process and as a gateway',
  async run(ctx): Promise<BenchResult> {
    const dir = mkdtempSync(join(tmpdir(), 'pioneer-bench-wechaty-'));
    const dbUrl = `file:${join(dir, 'bench.db')}`;
    const env = { DATABASE_URL: dbUrl, NODE_ENV: 'test', PIONEER_ADMINS: 'wechat:wxid_admin', CORE_TOKEN: TOKEN };
    const store = await openLibsqlStore({ url: env.DATABASE_URL });
    const log = createLogger({ silent: true });
    const { app, port: core } = await assemble({ env, runtime: 'node', store: () => store, log, adapters: [] });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const coreUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const settings = defaultRelaySettings();
    // Pacing off: these figures are the software's, not WeChat's (3 s a room, 20 a minute).
    const config = wechatyConfig({
      WECHAT_REPLY_GAP_MS: 0,
      WECHAT_ROOM_GAP_MS: 0,
      WECHAT_ROOM_JITTER_MS: 0,
      WECHAT_RATE_PER_MIN: 1e9,
      WECHAT_DAILY_CAP: 1e9,
    });
    const rows: Row[] = [];
    const checks: Check[] = [];
    const row = (name: string, m: Measured, targets: (f: Row['figures']) => Row['targets'] = () => []) => {
      const figures = {
        perSec: round(m.perSec, 0),
        cpuUs: round(m.cpuUs, 0),
        p50: round(quantile(m.lat, 0.5), 2),
        p99: round(quantile(m.lat, 0.99), 2),
      };
      rows.push({ name, figures, targets: targets(figures) });
    };
    const inProc = await account(N, { config, log, printQr: () => undefined });
    const gw = await account(N, { config, log, printQr: () => undefined });
    const gatewayEnv = { CORE_URL: coreUrl, CORE_TOKEN: TOKEN };
    const gateway = await assembleGateway({ env: gatewayEnv, log, adapters: [gw.adapter] });
    try {
      await inProc.adapter.start(core);
      await gateway.start();
      await login(inProc.world, inProc.adapter);

      ctx.log(`core × ${N}`);
      row(
        'core',
        await measure(
          N,
          async (i) =>
            void (await core.handle({
              platform: 'wechat',
              chatId: 'wxid_admin',
              chatType: 'direct',
              senderId: 'wxid_admin',
              messageId: `c-${i}`,
              text: '帮助',
              mentions: [],
              mentionsBot: false,
            })),
        ),
      );

      const roundTrip = (w: MockWorld) => async () => {
        const before = w.sent.items.length;
        const id = w.say('wxid_admin', '帮助');
        await w.waitHandled(id);
        if (w.sent.items.length === before) throw new Error('no reply');
      };
      ctx.log(`in-process × ${N}`);
      row('in-process', await measure(N, roundTrip(inProc.world)), (f) => [
        target(f, 'p99', '<=', 100, 'reply p99 <= 100 ms'),
      ]);

      const put = async (ref: string) => {
        const work = new Work(store.db, new Date());
        enqueue(
          work,
          Array.from({ length: N }, (_, i) => ({
            platform: 'wechat',
            chatId: `room${i}@chatroom`,
            kind: 'notice',
            ref,
            text: `【通知 ${ref}】`,
          })),
        );
        await store.batch(work.writes);
      };
      const relay = new Relay({
        db: store.db,
        deliverers: [inProc.adapter.deliverer],
        settings,
        limits: new Map(),
        log,
      });
      await put('a');
      ctx.log(`relay × ${N}`);
      const t0 = performance.now();
      let sent = 0;
      while (sent < N) sent += (await relay.runOnce()).sent;
      const relayMs = performance.now() - t0;
      rows.push({
        name: 'relay',
        figures: { perSec: round((N / relayMs) * 1000, 0), cpuUs: null, p50: null, p99: null },
        targets: [],
      });

      // The gateway's relay starts leasing at its login: only now, so it cannot take the rows above.
      await login(gw.world, gw.adapter);
      ctx.log(`gateway × ${N}`);
      row('gateway', await measure(N, roundTrip(gw.world)), (f) => [
        target(f, 'p99', '<=', 200, 'reply p99 <= 200 ms'),
      ]);

      const before = gw.world.sent.items.length;
      await put('b');
      gateway.relay.kick();
      ctx.log(`gateway relay × ${N}`);
      const t1 = performance.now();
      // Done when the core has every row marked sent (the ack follows each send).
      const unsent = async () =>
        Number((await store.client.execute("SELECT count(*) AS n FROM outbox WHERE status <> 'sent'")).rows[0]!.n);
      while ((await unsent()) > 0 && performance.now() - t1 < 600_000) await new Promise((r) => setTimeout(r, 10));
      const gwMs = performance.now() - t1;
      checks.push({
        label: 'the gateway sent each row once',
        ok: gw.world.sent.items.length - before === N,
        detail: `${gw.world.sent.items.length - before} sends for ${N} rows`,
      });
      const figures = { perSec: round((N / gwMs) * 1000, 0), cpuUs: null, p50: null, p99: null };
      rows.push({
        name: 'gateway relay',
        figures,
        targets: [target(figures, 'perSec', '>=', 5, '>= 5 rows/s (an account may send 20 a minute)')],
      });
      const left = await unsent();
      checks.push({ label: 'every outbox row marked sent', ok: left === 0, detail: `${left} not sent` });
    } finally {
      await inProc.adapter.stop();
      await gateway.stop();
      server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return {
      columns: [
        { key: 'perSec', label: 'per s' },
        { key: 'cpuUs', label: 'CPU µs each' },
        { key: 'p50', label: 'p50 ms', digits: 2 },
        { key: 'p99', label: 'p99 ms', digits: 2 },
      ],
      rows,
      checks,
      notes: [
        'one message at a time; the mock puppet, both adapters and the core share one process, ' +
          'so CPU µs include all of them',
        'relay rows: outbox rows to N different rooms with pacing off; ' +
          'real WeChat pacing (3 s a room, 20 a minute) bounds any real account far below these',
      ],
      details: { n: N },
    };
  },
};
