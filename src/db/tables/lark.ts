import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * @deprecated Replaced by `claimed_events` (./claimed-events.ts), which holds the ids of every
 * platform; nothing reads or writes this table any more. Its rows are copied over by
 * docs/migration-notes/adapters.sql; it is dropped once every deployment has run that.
 */
export const larkEvents = sqliteTable(
  'lark_events',
  {
    eventId: text('event_id').primaryKey(),
    /** Epoch milliseconds when the event was first accepted. */
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [index('lark_events_received_idx').on(t.receivedAt)],
);
