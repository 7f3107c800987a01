import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deliverer, Outbound } from '../../../src/contracts/adapter.js';
import { platformKey } from '../../../src/outbox/keys.js';
import { enqueue, type OutboxMessage } from '../../../src/outbox/enqueue.js';
import { Relay, type RelayOptions } from '../../../src/outbox/relay.js';
import { larkLimits } from '../../../adapters/lark/index.js';
import { wechatyConfig, wechatyLimits } from '../../../adapters/wechaty/index.js';
import { defaultRelaySettings, type RelaySettings } from '../../../src/contracts/config/relay.js';
import { DeliveryError } from '../../../src/contracts/errors.js';
import { memoryLogger } from '../../../src/contracts/log.js';
import { Work } from '../../../src/contracts/work.js';
import { ManualClock } from '../../../src/contracts/time.js';
import { outboxWithNotices } from '../../helpers/outbox-fixture.js';

type Db = Awaited<ReturnType<typeof outboxWithNotices>>;
let db: Db;
let clock: ManualClock;
const START = Date.parse('2026-12-01T02:00:00Z');

/** A deliverer that records what it got (with the clock's time) and fails as told. */
class Recorder implements Deliverer {
  readonly got: (Outbound & { at: number })[] = [];
  /** The idempotency key of every attempt, failed or not. */
  readonly keys: string[] = [];
  failures: (Error | null)[] = [];
  /** A failure for the message with this text, once. */
  readonly failFor = new Map<string, Error>();
  constructor(readonly platform = 'lark') {}
  async deliver(msg: Outbound): Promise<void> {
    this.keys.push(msg.idempotencyKey);
    const f = this.failFor.get(msg.text) ?? this.failures.shift();
    this.failFor.delete(msg.text);
    if (f) throw f;
    this.got.push({ ...msg, at: clock.now().getTime() });
  }
}

async function put(msgs: Partial<OutboxMessage>[]): Promise<void> {
  const work = new Work(db.store.db, clock.now());
  enqueue(
    work,
    msgs.map((m, i) => ({ platform: 'lark', chatId: `oc_${i}`, kind: 'notice', ref: '1', text: `m${i}`, ...m })),
  );
  await db.store.batch(work.writes);
}

function relay(d: Deliverer, settings: Partial<RelaySettings> = {}, opts: Partial<RelayOptions> = {}): Relay {
  return new Relay({
    db: db.store.db,
    deliverers: [d],
    clock,
    log: memoryLogger(),
    settings: defaultRelaySettings(settings),
    limits: new Map(),
    random: () => 0.5,
    sleep: async (ms) => clock.advance(ms),
    ...opts,
  });
}

async function rows() {
  const r = await db.store.client.execute(
    'SELECT id, chat_id, status, attempts, not_before, last_error, sent_at FROM outbox ORDER BY id',
  );
  return r.rows.map((x) => ({ ...x }));
}

beforeEach(async () => {
  db = await outboxWithNotices(0);
  clock = new ManualClock(new Date(START));
});
afterEach(async () => {
  await db.close();
});

describe('Relay.runOnce', () => {
  it('delivers due rows once with a stable ≤50-char key, and leaves future rows', async () => {
    await put([
      { mentions: [{ id: 'ou_1', name: '张三' }], payload: { noticeId: 1 } },
      { notBefore: new Date(START + 60_000) },
    ]);
    const d = new Recorder();
    const r = relay(d);
    expect(await r.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await r.runOnce()).toMatchObject({ claimed: 0 });
    expect(d.got).toHaveLength(1);
    const got = d.got[0]!;
    const notice = { id: 1, title: null };
    const mentions = [{ id: 'ou_1', name: '张三' }];
    expect(got).toMatchObject({ chatId: 'oc_0', text: 'm0', mentions, notice, kind: 'notice', ref: '1' });
    expect(got.idempotencyKey).toMatch(/^[0-9a-f]{32}$/);
    expect(got.idempotencyKey).toBe(await platformKey('notice:1:lark:c:oc_0'));
    clock.advance(60_000);
    expect(await r.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect((await rows()).map((x) => [x.status, x.sent_at])).toEqual([
      ['sent', START],
      ['sent', START + 60_000],
    ]);
  });

  it('retries with exponential backoff and jitter, with the same key each time', async () => {
    await put([{}]);
    const d = new Recorder();
    d.failures = [new DeliveryError('HTTP 502', { status: 502 }), new Error('socket hang up')];
    const r = relay(d, { RELAY_BACKOFF_BASE_MS: 2000 });
    expect(await r.runOnce()).toMatchObject({ retried: 1 });
    let [row] = await rows();
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      not_before: START + 1500,
      last_error: 'DeliveryError: HTTP 502',
    });
    expect(await r.runOnce()).toMatchObject({ claimed: 0 }); // not due yet
    clock.advance(1500);
    expect(await r.runOnce()).toMatchObject({ retried: 1 });
    [row] = await rows();
    // 4000 halved plus half of it at random 0.5
    expect(row).toMatchObject({ attempts: 2, not_before: START + 1500 + 3000 });
    clock.advance(3000);
    expect(await r.runOnce()).toMatchObject({ sent: 1 });
    expect((await rows())[0]).toMatchObject({ status: 'sent', last_error: null });
    expect(d.keys).toHaveLength(3);
    expect(new Set(d.keys).size).toBe(1);
  });

  it('a DeliveryError with retryAfterMs waits exactly that long', async () => {
    await put([{}]);
    const d = new Recorder();
    // As the Lark adapter reports code 99991400, which may come with HTTP 400: not an attempt.
    d.failures = [new DeliveryError('lark rate limit (code 99991400)', { status: 400, retryAfterMs: 7000 })];
    const r = relay(d);
    await r.runOnce();
    expect((await rows())[0]).toMatchObject({ status: 'pending', attempts: 0, not_before: START + 7000 });
    clock.advance(6999);
    expect(await r.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(1);
    expect(await r.runOnce()).toMatchObject({ sent: 1 });
  });

  it('after RELAY_MAX_ATTEMPTS failures a row is dead; a permanent failure is dead at once', async () => {
    await put([{}, {}]);
    const d = new Recorder();
    d.failures = [
      new DeliveryError('bot not in chat', { status: 400, permanent: true }),
      ...Array(3).fill(new DeliveryError('HTTP 500')),
    ];
    const r = relay(d, { RELAY_MAX_ATTEMPTS: 3 });
    for (let i = 0; i < 5; i++) {
      await r.runOnce();
      clock.advance(3_600_000);
    }
    // The two rows go out concurrently, so either may meet the permanent failure first.
    const [a, b] = (await rows()).sort((x, y) => Number(x.attempts) - Number(y.attempts));
    expect(a).toMatchObject({ status: 'dead', attempts: 1, last_error: 'DeliveryError: bot not in chat' });
    expect(b).toMatchObject({ status: 'dead', attempts: 3 });
    expect(d.got).toHaveLength(0);
  });

  it("does not take a row another relay holds, and takes it over when that relay's lease runs out", async () => {
    await put([{}]);
    const other = new Recorder();
    let answer: (() => void) | undefined;
    other.deliver = () => new Promise<void>((r) => (answer = r)); // hangs, as if its relay had died
    const dying = relay(other, { RELAY_LEASE_MS: 10_000 }, { owner: 'dying' });
    const stuck = dying.runOnce();
    while (!answer) await new Promise((r) => setImmediate(r));
    expect((await rows())[0]).toMatchObject({ status: 'sending' });
    const d = new Recorder();
    const r = relay(d, {}, { owner: 'alive' });
    expect(await r.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(10_001);
    expect(await r.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    // The takeover counts as an attempt, so a row that kills every relay ends up dead.
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 1 });
    // The first relay wakes up late: it no longer holds the lease and changes nothing.
    answer();
    expect(await stuck).toMatchObject({ sent: 0 });
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 1, sent_at: START + 10_001 });
  });

  it("keeps one chat's rows in order: when one must wait, the rest wait behind it", async () => {
    await put([
      { chatId: 'oc_a', ref: '1' },
      { chatId: 'oc_a', ref: '2' },
      { chatId: 'oc_a', ref: '3' },
      { chatId: 'oc_b', ref: '1' },
    ]);
    const d = new Recorder();
    d.failFor.set('m0', new DeliveryError('HTTP 500'));
    const r = relay(d);
    expect(await r.runOnce()).toMatchObject({ claimed: 4, sent: 1, retried: 1, deferred: 2 });
    expect(d.got.map((g) => g.chatId)).toEqual(['oc_b']);
    clock.advance(2000);
    await r.runOnce();
    expect(d.got.filter((g) => g.chatId === 'oc_a').map((g) => g.text)).toEqual(['m0', 'm1', 'm2']);
  });

  it('paces a busy Lark chat at 5 per second, waiting for near slots', async () => {
    await put(Array.from({ length: 12 }, (_, i) => ({ chatId: 'oc_busy', ref: String(i) })));
    const d = new Recorder();
    const s = defaultRelaySettings({ RELAY_RATE_MARGIN_MS: 0 });
    const limits = new Map([['lark', larkLimits()]]);
    expect(await relay(d, s, { limits }).runOnce()).toMatchObject({ sent: 12, deferred: 0 });
    expect(d.got.map((g) => g.at - START)).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
  });

  it('puts back rows whose slot is beyond the lookahead, to be claimed at that slot', async () => {
    await put(Array.from({ length: 12 }, (_, i) => ({ chatId: 'oc_busy', ref: String(i) })));
    const d = new Recorder();
    const s = defaultRelaySettings({ RELAY_RATE_MARGIN_MS: 0, RELAY_LOOKAHEAD_MS: 0 });
    const r = relay(d, s, { limits: new Map([['lark', larkLimits()]]) });
    expect(await r.runOnce()).toMatchObject({ sent: 5, deferred: 7 });
    expect(new Set((await rows()).filter((x) => x.status === 'pending').map((x) => x.not_before))).toEqual(
      new Set([START + 1000]),
    );
    expect(await r.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(1000);
    expect(await r.runOnce()).toMatchObject({ sent: 5, deferred: 2 });
    clock.advance(1000);
    expect(await r.runOnce()).toMatchObject({ sent: 2 });
    expect(d.got.map((g) => g.text)).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}`));
  });

  it('a WeChat account at its daily cap holds rows until the next morning', async () => {
    await put(Array.from({ length: 4 }, (_, i) => ({ platform: 'wechat', chatId: `room${i}@chatroom` })));
    const d = new Recorder('wechat');
    const s = defaultRelaySettings();
    const limits = new Map([['wechat', wechatyLimits(wechatyConfig({ WECHAT_DAILY_CAP: 2 }), 'Asia/Shanghai')]]);
    const r = relay(d, s, { limits });
    expect(await r.runOnce()).toMatchObject({ sent: 2, deferred: 2 });
    const tomorrow7 = Date.parse('2026-12-01T23:00:00Z'); // 2026-12-02 07:00 in Shanghai
    expect((await rows()).filter((x) => x.status === 'pending').map((x) => x.not_before)).toEqual([
      tomorrow7,
      tomorrow7,
    ]);
    // A restarted relay counts today's sends from the database.
    const again = relay(d, s, { limits });
    clock.advance(3_600_000);
    await db.store.client.execute(`UPDATE outbox SET not_before = ${clock.now().getTime()} WHERE status = 'pending'`);
    expect(await again.runOnce()).toMatchObject({ sent: 0, deferred: 2 });
    clock.set(new Date(tomorrow7));
    expect(await again.runOnce()).toMatchObject({ sent: 2 });
  });
});
