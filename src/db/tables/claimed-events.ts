import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Platform event ids already taken in (CorePort.claimEvent): platforms push an event again when
 * they get no answer in time (Feishu: about 15 s, 5 min, 1 h and 6 h later), and two processes
 * may receive the same one. The primary key lets exactly one claim win; rows are pruned once
 * older than the retention the adapter asked for.
 */
export const claimedEvents = sqliteTable(
  'claimed_events',
  {
    platform: text('platform').notNull(),
    eventId: text('event_id').notNull(),
    /** Epoch milliseconds when the event was first claimed. */
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.eventId] }), index('claimed_events_received_idx').on(t.receivedAt)],
);
