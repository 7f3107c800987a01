import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A guided exchange open with one person in a direct chat (e.g. collecting a household's contact
 * data). While it is open, that person's plain direct messages are answers to it.
 */
export const conversations = sqliteTable(
  'conversations',
  {
    platform: text('platform').notNull(),
    userId: text('user_id').notNull(),
    /** Which handler answers (e.g. 'pairing.household'). */
    kind: text('kind').notNull(),
    /** JSON state of the handler; personal data only sealed (an intake's unconfirmed answers), never plaintext. */
    state: text('state').notNull(),
    updatedAt: integer('updated_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.userId] })],
);
