import { eq } from 'drizzle-orm';
import type { Outbound } from '../../src/contracts/adapter.js';
import { outbox } from '../../src/db/schema.js';
import { enqueue, type OutboxMessage } from '../../src/outbox/enqueue.js';
import { toOutbound } from '../../src/outbox/outbound.js';
import { Work } from '../../src/contracts/work.js';
import type { TestCore } from './core.js';

/**
 * Enqueues messages the way a feature would (one committed batch) and returns them exactly as
 * the relay hands them to an adapter (`toOutbound`, with the platform's key length when the
 * core knows the platform).
 */
export async function enqueueRows(t: TestCore, messages: OutboxMessage[]): Promise<Outbound[]> {
  const work = new Work(t.store.db, t.clock.now());
  enqueue(work, messages);
  await t.store.batch(work.writes);
  const out: Outbound[] = [];
  for (const m of messages) {
    const rows = await t.store.db.select().from(outbox).where(eq(outbox.chatId, m.chatId));
    const row = rows.find((r) => r.kind === m.kind && r.ref === m.ref)!;
    out.push(await toOutbound(row, t.core.deps.platforms.get(row.platform)?.idempotencyKeyChars));
  }
  return out;
}
