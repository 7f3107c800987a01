import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter, Outbound } from '../../../../src/contracts/adapter.js';
import { relayJob } from '../../../../src/runtime/worker/relay-job.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { enqueueRows } from '../../../helpers/outbox-rows.js';

let t: TestCore;
let sent: Outbound[];
let adapter: Adapter;

beforeEach(async () => {
  t = await createTestCore({ env: { RELAY_BATCH_SIZE: '10' } });
  sent = [];
  adapter = { platform: 'playground', deliverer: { platform: 'playground', deliver: async (m) => void sent.push(m) } };
  await enqueueRows(t, Array.from({ length: 25 }, (_, i) => ({ platform: 'playground', chatId: `g${i}`, kind: 'notice', ref: '1', text: `通知 ${i}` })));
});
afterEach(async () => {
  await t.close();
});

describe('the outbox relay as a cron job', () => {
  it('sends rounds until nothing is due, each row once', async () => {
    const job = relayJob(t.core, [adapter])!;
    expect(await job.run(t.clock.now())).toMatchObject({ rounds: 4, claimed: 25, sent: 25 });
    expect(new Set(sent.map((m) => m.chatId)).size).toBe(25);
    expect(await job.run(t.clock.now())).toMatchObject({ rounds: 1, claimed: 0, sent: 0 });
  });

  it('stops after the round in which its time budget runs out; the rest waits for the next minute', async () => {
    const job = relayJob(t.core, [adapter], 0)!;
    expect(await job.run(t.clock.now())).toMatchObject({ rounds: 1, claimed: 10, sent: 10 });
    expect(await job.run(t.clock.now())).toMatchObject({ rounds: 1, sent: 10 });
  });

  it('is left out when no adapter can send', () => {
    expect(relayJob(t.core, [{ platform: 'x' }])).toBeNull();
  });
});
