import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The inbox (docs/inbox.md): platform events taken in. Platforms push an event again when they
 * get no answer in time (Feishu: about 15 s, 5 min, 1 h and 6 h later), and two processes may
 * receive the same one: the primary key lets exactly one claim win. An event that must be answered
 * before it is worked on is stored in the same row as its claim (CorePort.inbox.receive), worked
 * on, and marked done; its stored event is erased then, and the row is pruned once `keep_until`
 * (the platform's re-delivery window) has passed.
 */
export const claimedEvents = sqliteTable(
  'claimed_events',
  {
    platform: text('platform').notNull(),
    eventId: text('event_id').notNull(),
    /** Epoch milliseconds when the event was first claimed. */
    receivedAt: integer('received_at').notNull(),
    /** pending: stored, not finished; done: finished; dead: given up (logged). Rows from before the inbox are done. */
    status: text('status', { enum: ['pending', 'done', 'dead'] })
      .notNull()
      .default('done'),
    /**
     * The stored InboxEvent (work and context) as JSON, sealed with PIONEER_DATA_KEY when one is set
     * (it holds what people typed); null once the row is done or dead.
     */
    event: text('event'),
    /** Until when the claim is kept (received_at + the adapter's retention); pruned afterwards. */
    keepUntil: integer('keep_until').notNull().default(0),
    /** A pending row belongs to the process that received or retook it until then. */
    leaseUntil: integer('lease_until'),
    /** Processing attempts so far (the first is the receiving process's). */
    attempts: integer('attempts').notNull().default(0),
    doneAt: integer('done_at'),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.eventId] }),
    index('claimed_events_keep_idx').on(t.keepUntil),
    // Draining: pending rows whose lease ran out, oldest first.
    index('claimed_events_pending_idx').on(t.status, t.leaseUntil),
  ],
);
