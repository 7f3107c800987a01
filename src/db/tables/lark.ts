import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Feishu/Lark event ids already accepted by the webhook or the long connection. Feishu pushes an
 * event again when it gets no 200 within 3 s (about 15 s, 5 min, 1 h and 6 h later), so a row is
 * kept well past the last re-push and pruned by the adapter afterwards.
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
