/**
 * `outbox`: what a notice to 1000 chats costs, from the command to the last delivery.
 *
 *   enqueue   「确认发送」of a drafted notice for one unit with 1000 bound chats (and 1000 members),
 *             through the real dispatcher over a real libSQL file: reads the draft, its targets and
 *             chats, writes 1000 outbox rows in the same atomic batch. Median of BENCH_OUTBOX_ROUNDS.
 *   enqueue() the same 1000 rows through `enqueue()` + one `store.batch`, without the command around it.
 *   fan-out   the relay delivering one notice to 1000 chats at a 50/s app limit to a loopback fake
 *             platform that answers 429 above 50 requests in any second. Wall time from start to the
 *             last row marked sent; the limit-bound minimum is 1000 / 50 = 20 s.
 *
 * Env: BENCH_OUTBOX_ROUNDS (default 7), BENCH_OUTBOX_CHATS (default 1000), BENCH_OUTBOX_RATE (default 50).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { assemble } from '../src/runtime/assemble.js';
import { openStore } from '../src/db/open.js';
import { chatBindings, members, units } from '../src/db/schema.js';
import { enqueue } from '../src/outbox/enqueue.js';
import { Relay } from '../src/outbox/relay.js';
import { defaultRelaySettings } from '../src/contracts/config/relay.js';
import type { IncomingMessage } from '../src/contracts/message.js';
import { createLogger } from '../src/contracts/log.js';
import { Work } from '../src/contracts/work.js';
import { FakePlatform } from '../test/helpers/fake-platform.js';
import { httpDeliverer } from '../test/helpers/http-deliverer.js';
import { outboxWithNotices, statusCounts } from '../test/helpers/outbox-fixture.js';
import {
  median,
  round,
  storeDriver,
  target,
  type Benchmark,
  type BenchContext,
  type BenchResult,
  type Check,
  type Row,
} from './lib.js';

function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Times 「确认发送」 and bare enqueue() for `chats` chats; returns milliseconds per round. */
async function enqueueRounds(ctx: BenchContext, chats: number, rounds: number) {
  const dir = mkdtempSync(join(tmpdir(), 'pioneer-bench-outbox-'));
  const env = { DATABASE_URL: `file:${join(dir, 'bench.db')}`, NODE_ENV: 'test', PIONEER_ADMINS: 'playground:admin' };
  const store = await openStore({ url: env.DATABASE_URL, driver: storeDriver() });
  const log = createLogger({ silent: true });
  const { port: core } = await assemble({ env, runtime: 'node', store: () => store, log, adapters: [] });
  let seq = 0;
  const say = async (text: string) => {
    const msg: IncomingMessage = {
      platform: 'playground',
      chatId: 'admin',
      chatType: 'direct',
      senderId: 'admin',
      messageId: `b-${++seq}`,
      text,
      mentions: [],
      mentionsBot: false,
    };
    return (await core.handle(msg)).replies.map((r) => r.text).join('\n');
  };
  try {
    await say('建组织 泰山区某社区党委');
    await say('建组织 第一支部 泰山区某社区党委');
    const unit = (await store.db.select().from(units)).find((u) => u.name === '第一支部');
    const now = Date.now();
    const w = new Work(store.db, new Date());
    for (let i = 0; i < chats; i += 500) {
      const n = Math.min(500, chats - i);
      w.write(
        store.db.insert(chatBindings).values(
          Array.from({ length: n }, (_, j) => ({
            platform: 'lark',
            chatId: `oc_${i + j}`,
            unitId: unit!.id,
            boundByIdentity: 'bench:bench',
            boundAt: now,
          })),
        ),
      );
      w.write(
        store.db.insert(members).values(
          Array.from({ length: n }, (_, j) => ({
            id: `m${i + j}`,
            name: `成员${i + j}`,
            unitId: unit!.id,
            role: 'member' as const,
            partyStatus: 'formal' as const,
            createdAt: now,
          })),
        ),
      );
    }
    await store.batch(w.writes);
    const command: number[] = [];
    const answers: string[] = [];
    for (let r = 0; r <= rounds; r++) {
      await say(`通知 第${r}次测试通知，请大家收到后回复 到 第一支部`);
      const t0 = performance.now();
      answers.push(await say('确认发送'));
      if (r > 0) command.push(performance.now() - t0); // round 0 warms up
    }
    const bare: number[] = [];
    for (let r = 0; r <= rounds; r++) {
      const t0 = performance.now();
      const work = new Work(store.db, new Date());
      enqueue(
        work,
        Array.from({ length: chats }, (_, i) => ({
          platform: 'lark',
          chatId: `oc_${i}`,
          kind: 'bench',
          ref: String(r),
          text: '测试',
          payload: { noticeId: r },
        })),
      );
      await store.batch(work.writes);
      if (r > 0) bare.push(performance.now() - t0);
    }
    const rows = await statusCounts(store);
    ctx.log(
      `enqueue: command ${command.map((x) => x.toFixed(0)).join(', ')} ms; ` +
        `bare ${bare.map((x) => x.toFixed(0)).join(', ')} ms`,
    );
    return { command, bare, answers, pending: rows.pending ?? 0 };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The relay delivering one notice to `chats` chats at `rate`/s to the loopback fake. */
async function fanOut(ctx: BenchContext, chats: number, rate: number) {
  const db = await outboxWithNotices(chats);
  const fake = await new FakePlatform({ appPerSec: rate }).start();
  const settings = defaultRelaySettings();
  const relay = new Relay({
    db: db.store.db,
    deliverers: [httpDeliverer(fake.url)],
    settings,
    limits: new Map([['lark', { app: [{ limit: rate, windowMs: 1000 }], marginMs: settings.RELAY_RATE_MARGIN_MS }]]),
    log: createLogger({ silent: true }),
  });
  try {
    const t0 = performance.now();
    relay.start();
    let counts = await statusCounts(db.store);
    for (let last = 0; (counts.sent ?? 0) + (counts.dead ?? 0) < chats; counts = await statusCounts(db.store)) {
      await new Promise((r) => setTimeout(r, 20));
      if (fake.delivered.length - last >= 200)
        ctx.log(
          `fan-out: ${(last = fake.delivered.length)} delivered ` +
            `after ${((performance.now() - t0) / 1000).toFixed(1)} s`,
        );
    }
    const seconds = (performance.now() - t0) / 1000;
    await relay.stop();
    return { seconds, counts, fake };
  } finally {
    await relay.stop();
    await fake.close();
    await db.close();
  }
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const rounds = envNumber('BENCH_OUTBOX_ROUNDS', 7);
  const chats = envNumber('BENCH_OUTBOX_CHATS', 1000);
  const rate = envNumber('BENCH_OUTBOX_RATE', 50);
  const enq = await enqueueRounds(ctx, chats, rounds);
  const fan = await fanOut(ctx, chats, rate);
  const minimum = chats / rate;

  const rows: Row[] = [];
  const cmd = { medianMs: round(median(enq.command), 1), maxMs: round(Math.max(...enq.command), 1), chats };
  rows.push({
    name: 'enqueue: 确认发送',
    figures: cmd,
    targets: [target(cmd, 'medianMs', '<=', 100, 'median <= 100 ms')],
  });
  rows.push({
    name: 'enqueue(): rows only',
    figures: { medianMs: round(median(enq.bare), 1), maxMs: round(Math.max(...enq.bare), 1), chats },
    targets: [],
  });
  const fanFigures = {
    chats,
    wallS: round(fan.seconds, 2),
    perSec: round(chats / fan.seconds, 1),
    xMinimum: round(fan.seconds / minimum, 3),
    throttled: fan.fake.throttled,
  };
  rows.push({
    name: `fan-out at ${rate}/s`,
    figures: fanFigures,
    targets: [target(fanFigures, 'xMinimum', '<=', 1.1, `wall <= 1.1x the ${minimum} s minimum`)],
  });

  const perKey = [...fan.fake.requestsPerKey.values()];
  const checks: Check[] = [
    {
      label: '确认发送 answered and enqueued every round',
      ok: enq.answers.every((a) => a.includes(`已发往 ${chats} 个群`)) && enq.pending === chats * (2 * rounds + 2),
      detail: `${enq.answers.length} answers, ${enq.pending} pending rows (expected ${chats * (2 * rounds + 2)})`,
    },
    {
      label: 'fan-out: every chat got the notice exactly once, every row sent',
      ok: fan.fake.perChat().size === chats && fan.fake.delivered.length === chats && fan.counts.sent === chats,
      detail:
        `${fan.fake.delivered.length} delivered to ${fan.fake.perChat().size} chats; ` +
        `rows ${JSON.stringify(fan.counts)}; ${fan.fake.duplicatesSuppressed} duplicate keys`,
    },
    {
      label: 'fan-out: the platform never had to refuse (no 429)',
      ok: fan.fake.throttled === 0 && perKey.every((n) => n === 1),
      detail: `${fan.fake.throttled} answered 429; requests per key max ${Math.max(...perKey)}`,
    },
  ];
  return {
    columns: [
      { key: 'medianMs', label: 'median ms', digits: 1 },
      { key: 'maxMs', label: 'max ms', digits: 1 },
      { key: 'chats', label: 'chats' },
      { key: 'wallS', label: 'wall s', digits: 2 },
      { key: 'perSec', label: 'msg/s', digits: 1 },
      { key: 'xMinimum', label: 'x minimum', digits: 3 },
      { key: 'throttled', label: '429s' },
    ],
    rows,
    checks,
    notes: [
      `enqueue: ${rounds} rounds after one warm-up; the unit has ${chats} bound chats and ${chats} members; ` +
        `timed from the message to the committed batch; the rows go in one INSERT … SELECT FROM json_each(?) ` +
        `whose one parameter is the JSON array of all rows. "enqueue(): rows only" is that statement alone.`,
      `fan-out: relay defaults (batch ${defaultRelaySettings().RELAY_BATCH_SIZE}, ` +
        `concurrency ${defaultRelaySettings().RELAY_CONCURRENCY}, ` +
        `rate margin ${defaultRelaySettings().RELAY_RATE_MARGIN_MS} ms per window), ` +
        `the fake refuses a 51st request in any 1000 ms; the minimum is ${minimum} s. ` +
        `Feishu's 1000/min per app is off here; with it 1000 chats take at least 60 s.`,
    ],
    details: {
      commandMs: enq.command.map((x) => round(x, 2)),
      bareMs: enq.bare.map((x) => round(x, 2)),
      parameters: { rounds, chats, rate },
    },
  };
}

export const outboxBench: Benchmark = {
  name: 'outbox',
  description: 'a notice to 1000 chats: enqueue (确认发送) and relay fan-out at 50/s to a loopback platform',
  run,
};
