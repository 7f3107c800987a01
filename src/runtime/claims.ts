import { and, eq, lt } from 'drizzle-orm';
import type { Logger } from '../contracts/log.js';
import type { Db } from '../contracts/store.js';
import { claimedEvents } from '../db/schema.js';

/** Old event ids of one platform are deleted at most this often, piggybacking on a new claim. */
export const CLAIMED_EVENTS_PRUNE_INTERVAL_MS = 10 * 60_000;

/**
 * CorePort.claimEvent: platform event ids remembered in claimed_events, so a re-pushed event (or
 * one delivered to two processes) takes effect once. The primary key settles concurrent claims.
 */
export class EventClaims {
  private readonly lastPrune = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly pruneIntervalMs = CLAIMED_EVENTS_PRUNE_INTERVAL_MS,
  ) {}

  /** True the first time (platform, eventId) is seen, false for every repeat. */
  async claim(platform: string, eventId: string, retentionMs: number, now: Date): Promise<boolean> {
    const rows = await this.db
      .insert(claimedEvents)
      .values({ platform, eventId, receivedAt: now.getTime() })
      .onConflictDoNothing()
      .returning({ eventId: claimedEvents.eventId });
    const first = rows.length === 1;
    if (first && this.duePrune(platform, now)) await this.prune(platform, retentionMs, now);
    return first;
  }

  private duePrune(platform: string, now: Date): boolean {
    if (now.getTime() - (this.lastPrune.get(platform) ?? -Infinity) < this.pruneIntervalMs) return false;
    this.lastPrune.set(platform, now.getTime());
    return true;
  }

  /** Deletes the platform's ids older than its retention; a failure waits for the next prune. */
  private async prune(platform: string, retentionMs: number, now: Date): Promise<void> {
    const old = and(eq(claimedEvents.platform, platform), lt(claimedEvents.receivedAt, now.getTime() - retentionMs));
    try {
      await this.db.delete(claimedEvents).where(old);
    } catch (err) {
      this.log.warn('claimed events not pruned', { platform, err });
    }
  }
}
