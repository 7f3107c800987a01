import { eq } from 'drizzle-orm';
import type { Outbound } from '../../src/contracts/adapter.js';
import { outbox } from '../../src/db/schema.js';
import { enqueue, type OutboxMessage } from '../../src/outbox/enqueue.js';
import { Work } from '../../src/contracts/work.js';
import type { TestCore } from './core.js';

/** Enqueues messages the way a feature would (one committed batch) and returns them as the relay hands them out. */
export async function enqueueRows(t: TestCore, messages: OutboxMessage[]): Promise<Outbound[]> {
  const work = new Work(t.store.db, t.clock.now());
  enqueue(work, messages);
  await t.store.batch(work.writes);
  const out: Outbound[] = [];
  for (const m of messages) {
    const rows = await t.store.db.select().from(outbox).where(eq(outbox.chatId, m.chatId));
    const row = rows.find((r) => r.kind === m.kind && r.ref === m.ref)!;
    out.push({
      id: row.id,
      chatId: row.chatId,
      direct: row.direct,
      kind: row.kind,
      ref: row.ref,
      text: row.text,
      mentions: JSON.parse(row.mentions) as Outbound['mentions'],
      payload: row.payload === null ? null : (JSON.parse(row.payload) as unknown),
      idempotencyKey: row.idemKey,
    });
  }
  return out;
}
