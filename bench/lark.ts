/**
 * `lark`: what the Feishu/Lark webhook costs on top of the core, and how fast it answers.
 *
 * In process: the real app over a real libSQL file, the Lark adapter with an encrypt key and a
 * verification token, and the fake Open API (test/helpers/fake-lark.ts) on 127.0.0.1 receiving the
 * replies. Events are encrypted and signed as Feishu does. Rows, N requests each, one at a time:
 *   v1        POST /v1/messages  「帮助」 from a member (the core alone, for scale)
 *   verify    CallbackVerifier.verify() alone: parse, decrypt, signature, token, timestamp
 *   webhook   POST /webhooks/lark 「帮助」: the 200 (verify + dedupe claim); the work runs after it
 *   e2e       the same, waiting each time until the reply reached the fake Open API
 *   repush    a re-delivered event id: verified, refused by the dedupe, answered 200
 * Env: BENCH_LARK_N (default 1000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { larkAdapter } from '../adapters/lark/index.js';
import { LARK_REQUEST_MAX_SKEW_MS } from '../adapters/lark/constants.js';
import { CallbackVerifier } from '../adapters/lark/verify.js';
import { BOT_NAMES } from '../src/command/parse.js';
import { assemble } from '../src/runtime/assemble.js';
import { openStore } from '../src/db/open.js';
import { createLogger } from '../src/contracts/log.js';
import { startFakeLark } from '../test/helpers/fake-lark.js';
import {
  APP_ID,
  APP_SECRET,
  ENCRYPT_KEY,
  encryptBody,
  messageEvent,
  signature,
  VERIFICATION_TOKEN,
} from '../test/helpers/lark-events.js';
import { quantile, round, storeDriver, target, type Benchmark, type BenchResult, type Check, type Row } from './lib.js';

const N = Number(process.env.BENCH_LARK_N) > 0 ? Number(process.env.BENCH_LARK_N) : 1000;

interface Signed {
  body: string;
  headers: Record<string, string>;
}

function signed(payload: unknown): Signed {
  const body = encryptBody(payload, ENCRYPT_KEY);
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = Math.random().toString(36).slice(2);
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

/** Runs `once` n times in a row; wall latencies (ms) and CPU µs per call. */
async function measure(
  n: number,
  once: (i: number) => Promise<void>,
): Promise<{ lat: Float64Array; cpuUs: number; perSec: number }> {
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

export const larkBench: Benchmark = {
  name: 'lark',
  description: 'Feishu webhook: answer latency and cost per event vs the core alone',
  async run(ctx): Promise<BenchResult> {
    const dir = mkdtempSync(join(tmpdir(), 'pioneer-bench-lark-'));
    const fake = await startFakeLark({ botOpenId: 'ou_bot' });
    const admins = 'lark:ou_admin,playground:admin';
    const env = { DATABASE_URL: `file:${join(dir, 'bench.db')}`, NODE_ENV: 'test', PIONEER_ADMINS: admins };
    const store = await openStore({ url: env.DATABASE_URL, driver: storeDriver() });
    const log = createLogger({ silent: true });
    const adapter = larkAdapter({
      appId: APP_ID,
      appSecret: APP_SECRET,
      domain: fake.url,
      encryptKey: ENCRYPT_KEY,
      verificationToken: VERIFICATION_TOKEN,
      log,
      botNames: BOT_NAMES,
    });
    const { app } = await assemble({ env, runtime: 'node', store: () => store, log, adapters: [adapter] });
    const checks: Check[] = [];
    const rows: Row[] = [];
    const row = (name: string, m: { lat: Float64Array; cpuUs: number; perSec: number }) => {
      const figures = {
        perSec: round(m.perSec, 0),
        cpuUs: round(m.cpuUs, 0),
        p50: round(quantile(m.lat, 0.5), 2),
        p99: round(quantile(m.lat, 0.99), 2),
      };
      rows.push({
        name,
        figures,
        targets:
          name === 'webhook' ? [target(figures, 'p99', '<=', 100, 'answer p99 <= 100 ms (Feishu allows 3 s)')] : [],
      });
    };
    try {
      const v1 = (i: number) =>
        JSON.stringify({
          platform: 'playground',
          chatId: 'admin',
          chatType: 'direct',
          senderId: 'admin',
          messageId: `b-${i}`,
          text: '帮助',
        });
      ctx.log(`v1 × ${N}`);
      row(
        'v1',
        await measure(
          N,
          async (i) =>
            void (
              await app.request('/v1/messages', {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: v1(i),
              })
            ).text(),
        ),
      );

      const one = signed(messageEvent({ from: 'ou_admin', text: '帮助' }));
      const verifier = new CallbackVerifier({
        appId: APP_ID,
        encryptKey: ENCRYPT_KEY,
        verificationToken: VERIFICATION_TOKEN,
        maxSkewMs: LARK_REQUEST_MAX_SKEW_MS,
      });
      ctx.log(`verify × ${N}`);
      row('verify', await measure(N, async () => void verifier.verify(one.body, (h) => one.headers[h], new Date())));

      const post = (s: Signed) => app.request('/webhooks/lark', { method: 'POST', headers: s.headers, body: s.body });
      const events = Array.from({ length: N }, () => signed(messageEvent({ from: 'ou_admin', text: '帮助' })));
      let ok = 0;
      ctx.log(`webhook × ${N}`);
      row('webhook', await measure(N, async (i) => void ((await post(events[i]!)).status === 200 && ok++)));
      await adapter.settled();
      checks.push({
        label: 'every webhook event answered 200 and replied to',
        ok: ok === N && fake.sent.length === N,
        detail: `${ok} × 200, ${fake.sent.length} replies`,
      });

      const fresh = Array.from({ length: N }, () => signed(messageEvent({ from: 'ou_admin', text: '帮助' })));
      ctx.log(`e2e × ${N}`);
      row(
        'e2e',
        await measure(N, async (i) => {
          await post(fresh[i]!);
          await adapter.settled();
        }),
      );

      const before = fake.sent.length;
      ctx.log(`repush × ${N}`);
      row('repush', await measure(N, async (i) => void (await post(events[i]!)).text()));
      await adapter.settled();
      checks.push({
        label: 're-pushed events changed nothing',
        ok: fake.sent.length === before,
        detail: `${fake.sent.length - before} extra replies`,
      });
    } finally {
      await adapter.stop?.();
      await store.close();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return {
      columns: [
        { key: 'perSec', label: 'req/s' },
        { key: 'cpuUs', label: 'CPU µs/req' },
        { key: 'p50', label: 'p50 ms', digits: 2 },
        { key: 'p99', label: 'p99 ms', digits: 2 },
      ],
      rows,
      checks,
      notes: [
        'one request at a time, in process (app.request), fake Open API in the same process: CPU µs include its share',
        'e2e waits for the reply to reach the fake Open API; webhook only for the 200',
      ],
      details: { n: N },
    };
  },
};
