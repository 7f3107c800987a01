import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter, Outbound } from '../../../../src/contracts/adapter.js';
import { memoryLogger } from '../../../../src/contracts/log.js';
import { Relay } from '../../../../src/outbox/relay.js';
import { relayJob } from '../../../../src/runtime/worker/relay-job.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { enqueueRows } from '../../../helpers/outbox-rows.js';

let t: TestCore;
let sent: Outbound[];
let adapter: Adapter;

beforeEach(async () => {
  sent = [];
  adapter = { platform: 'playground', deliverer: { platform: 'playground', deliver: async (m) => void sent.push(m) } };
  t = await createTestCore({ env: { RELAY_BATCH_SIZE: '10' }, adapters: [adapter] });
  await enqueueRows(
    t,
    Array.from({ length: 25 }, (_, i) => ({
      platform: 'playground',
      chatId: `g${i}`,
      kind: 'notice',
      ref: '1',
      text: `通知 ${i}`,
    })),
  );
});
afterEach(async () => {
  await t.close();
});

describe('the outbox relay as a cron job', () => {
  it('sends rounds until nothing is due, each row once', async () => {
    const job = relayJob(t.relay, t.clock);
    expect(await job.run(t.clock.now())).toMatchObject({ rounds: 4, claimed: 25, sent: 25 });
    expect(new Set(sent.map((m) => m.chatId)).size).toBe(25);
    expect(await job.run(t.clock.now())).toMatchObject({ rounds: 1, claimed: 0, sent: 0 });
  });

  it('stops after the round in which its time budget runs out; the rest waits for the next minute', async () => {
    const job = relayJob(t.relay, t.clock, 0);
    expect(await job.run(t.clock.now())).toMatchObject({ rounds: 1, claimed: 10, sent: 10 });
    expect(await job.run(t.clock.now())).toMatchObject({ rounds: 1, sent: 10 });
  });

  it('sends through the relay it is given, as the assembly built it', async () => {
    const other = new Relay({ db: t.store.db, deliverers: [], clock: t.clock, log: memoryLogger() });
    expect(await relayJob(other, t.clock).run(t.clock.now())).toMatchObject({ rounds: 1, claimed: 0 });
    expect(sent).toHaveLength(0);
  });
});
