import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Every message the bot sends other than a direct answer. Rows are written in the same batch as
 * the change that causes them and delivered by the relay (src/outbox/).
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').notNull(),
    /** A group chat id, or a user id when `direct`. */
    chatId: text('chat_id').notNull(),
    direct: integer('direct', { mode: 'boolean' }).notNull().default(false),
    /** What caused it: notice, chase, reminder, meeting.cancel, makeup.decision, pairing.assign… */
    kind: text('kind').notNull(),
    /** The id of what caused it (notice id, reminder id…), for lookups and the idempotency key. */
    ref: text('ref').notNull(),
    text: text('text').notNull(),
    /** JSON array of { id, name }. */
    mentions: text('mentions').notNull().default('[]'),
    /** JSON for platform-specific rendering (e.g. a card for a notice), or null. */
    payload: text('payload'),
    /** Unique per (message, chat): enqueueing twice is a no-op, and platforms get it as their dedupe key. */
    idemKey: text('idem_key').notNull(),
    /** The unit whose officers see this row when it fails (投递失败 / 重发); null = resolved from the chat. */
    unitId: text('unit_id'),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Not to be sent before this instant (scheduled sends, backoff, rate-limit waits). */
    notBefore: integer('not_before').notNull(),
    leaseOwner: text('lease_owner'),
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    uniqueIndex('outbox_idem_uq').on(t.idemKey),
    index('outbox_due_idx').on(t.status, t.notBefore),
    index('outbox_ref_idx').on(t.kind, t.ref),
    // Recent sends per platform: daily caps and rate windows are re-seeded from it after a restart.
    index('outbox_sent_idx').on(t.platform, t.sentAt),
  ],
);

/**
 * The platform's own id of a sent outbox row (Feishu message_id), kept so that the bot can later
 * ask who read it and escalate about it. Written when the row is marked sent.
 */
export const deliveredMessages = sqliteTable('delivered_messages', {
  outboxId: integer('outbox_id').primaryKey(),
  platformMessageId: text('platform_message_id').notNull(),
  sentAt: integer('sent_at').notNull(),
});
