import { lt } from 'drizzle-orm';
import { larkEvents } from '../../src/db/schema.js';
import type { Db } from '../../src/contracts/store.js';

/**
 * Remembers accepted event ids in the database, so a re-pushed event (or one delivered to two
 * processes) takes effect once. The primary key settles races between concurrent deliveries.
 */
export class EventDedupe {
  private lastPrune = 0;

  constructor(
    private readonly db: Db,
    private readonly opts: { retentionMs: number; pruneIntervalMs: number },
  ) {}

  /** True the first time an event id is seen, false for every repeat. */
  async claim(eventId: string, now: Date): Promise<boolean> {
    const rows = await this.db
      .insert(larkEvents)
      .values({ eventId, receivedAt: now.getTime() })
      .onConflictDoNothing()
      .returning({ eventId: larkEvents.eventId });
    return rows.length === 1;
  }

  /** Whether it is time to delete old ids; true at most once per prune interval. */
  duePrune(now: Date): boolean {
    if (now.getTime() - this.lastPrune < this.opts.pruneIntervalMs) return false;
    this.lastPrune = now.getTime();
    return true;
  }

  /** Deletes ids older than the retention period. */
  async prune(now: Date): Promise<void> {
    await this.db.delete(larkEvents).where(lt(larkEvents.receivedAt, now.getTime() - this.opts.retentionMs));
  }
}
