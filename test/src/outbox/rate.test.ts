import { describe, expect, it } from 'vitest';
import type { SqlStore } from '../../../src/contracts/store.js';
import { enqueue, type OutboxMessage } from '../../../src/outbox/enqueue.js';
import { Relay } from '../../../src/outbox/relay.js';
import { larkLimits } from '../../../adapters/lark/index.js';
import { defaultRelaySettings } from '../../../src/contracts/config/relay.js';
import { memoryLogger } from '../../../src/contracts/log.js';
import { Work } from '../../../src/contracts/work.js';
import { FakePlatform } from '../../helpers/fake-platform.js';
import { httpDeliverer } from '../../helpers/http-deliverer.js';
import { outboxWithNotices, statusCounts } from '../../helpers/outbox-fixture.js';

/** `perChat` messages to each of `chats` chats, interleaved by chat, plus `singles` chats with one. */
function messages(chats: number, perChat: number, singles: number): OutboxMessage[] {
  const out: OutboxMessage[] = [];
  for (let i = 0; i < perChat; i++) {
    for (let c = 0; c < chats; c++)
      out.push({ platform: 'lark', chatId: `oc_busy_${c}`, kind: 'reminder', ref: `r${i}`, text: `提醒 ${i}` });
  }
  for (let s = 0; s < singles; s++)
    out.push({ platform: 'lark', chatId: `oc_one_${s}`, kind: 'reminder', ref: 'r0', text: '提醒' });
  return out;
}

/** Runs the relay's loop until every row is sent (or dead), then stops it. */
async function drain(relay: Relay, store: SqlStore, total: number): Promise<void> {
  relay.start();
  try {
    for (;;) {
      const c = await statusCounts(store);
      if ((c.sent ?? 0) + (c.dead ?? 0) === total) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await relay.stop();
  }
}

async function withRows(msgs: OutboxMessage[]) {
  const db = await outboxWithNotices(0);
  const work = new Work(db.store.db, new Date());
  enqueue(work, msgs);
  await db.store.batch(work.writes);
  return db;
}

describe('relay pacing against a platform that enforces Lark limits', () => {
  it('at the default limits no request exceeds 5/s per chat or 50/s per app', async () => {
    const msgs = messages(12, 8, 100); // 196 messages: 12 busy chats with 8 each, 100 chats with one
    const db = await withRows(msgs);
    const fake = await new FakePlatform({ appPerSec: 50, chatPerSec: 5 }).start();
    const settings = defaultRelaySettings();
    const limits = new Map([['lark', larkLimits()]]);
    const deliverers = [httpDeliverer(fake.url)];
    const relay = new Relay({ db: db.store.db, deliverers, settings, limits, log: memoryLogger() });
    try {
      const t0 = performance.now();
      await drain(relay, db.store, msgs.length);
      const seconds = (performance.now() - t0) / 1000;
      expect(fake.throttled).toBe(0);
      expect(fake.delivered).toHaveLength(msgs.length);
      expect(new Set(fake.delivered.map((d) => d.uuid)).size).toBe(msgs.length);
      expect(await statusCounts(db.store)).toEqual({ sent: msgs.length });
      // Paced, not crawling: 196 messages at 50/s take about 4 s.
      expect(seconds).toBeGreaterThan(3);
      expect(seconds).toBeLessThan(15);
      // Each busy chat got its 8 messages in order.
      for (let c = 0; c < 12; c++) {
        const texts = fake.delivered.filter((d) => d.chatId === `oc_busy_${c}`).map((d) => d.text);
        expect(texts).toEqual(Array.from({ length: 8 }, (_, i) => `提醒 ${i}`));
      }
    } finally {
      await fake.close();
      await db.close();
    }
  }, 30_000);

  /** Runs `msgs` through a relay at our default limits against a stricter fake; returns it. */
  async function againstStricter(msgs: OutboxMessage[], fakeOpts: ConstructorParameters<typeof FakePlatform>[0]) {
    const db = await withRows(msgs);
    const fake = await new FakePlatform(fakeOpts).start();
    const settings = defaultRelaySettings();
    const limits = new Map([['lark', larkLimits()]]);
    const deliverers = [httpDeliverer(fake.url)];
    const relay = new Relay({ db: db.store.db, deliverers, settings, limits, log: memoryLogger() });
    try {
      await drain(relay, db.store, msgs.length);
      const counts = await statusCounts(db.store);
      const r = await db.store.client.execute('SELECT max(attempts) AS a FROM outbox');
      return { fake, counts, maxAttempts: Number(r.rows[0]!.a) };
    } finally {
      await fake.close();
      await db.close();
    }
  }

  function expectHonoured(r: Awaited<ReturnType<typeof againstStricter>>, total: number) {
    expect(r.fake.throttled).toBeGreaterThan(0);
    expect(r.fake.earlyRetries).toBe(0);
    expect(r.fake.delivered).toHaveLength(total);
    expect(new Set(r.fake.delivered.map((d) => d.uuid)).size).toBe(total);
    // Being throttled is not a failure: nothing died and no attempt was spent.
    expect(r.counts).toEqual({ sent: total });
    expect(r.maxAttempts).toBe(0);
  }

  it("a chat's 429 (other bots share its quota) is waited out and each message arrives once", async () => {
    const msgs = messages(3, 6, 6); // 24 messages
    expectHonoured(await againstStricter(msgs, { chatPerSec: 2, resetSec: 1 }), msgs.length);
  }, 60_000);

  it("the app's 429 (another process spends its quota) is waited out and each message arrives once", async () => {
    const msgs = messages(0, 0, 120);
    expectHonoured(await againstStricter(msgs, { appPerSec: 30, resetSec: 1, appGraceMs: 250 }), msgs.length);
  }, 60_000);
});
