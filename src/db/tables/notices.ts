import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Epoch milliseconds, like every timestamp in the database. */
const ms = (name: string) => integer(name, { mode: 'number' });

/**
 * A notice (通知). `id` is the number people type (收到 12), allocated as max(id)+1; a race on it
 * fails the batch on the primary key and the command is re-run.
 */
export const notices = sqliteTable(
  'notices',
  {
    id: integer('id').primaryKey(),
    /** The unit the notice is issued from (the chat's unit or the sender's). */
    unitId: text('unit_id').notNull(),
    title: text('title'),
    body: text('body').notNull(),
    status: text('status', { enum: ['draft', 'sent'] }).notNull(),
    /** Member id of the sender (ActorRef), null for a configured admin without a member record. */
    createdByMemberId: text('created_by_member_id'),
    /**
     * "platform:userId" of the sender (ActorRef): 确认发送 finds the sender's last draft by it.
     * Always written; nullable only so that it can be added to existing rows before
     * migrations/0008_actor_data.sql fills it.
     */
    createdByIdentity: text('created_by_identity'),
    /** The sender's name as the notice is signed (—— 第一支部 王书记). */
    createdByName: text('created_by_name').notNull(),
    createdAt: ms('created_at').notNull(),
    /** The time given with 于, or null to send at once. */
    scheduledAt: ms('scheduled_at'),
    /** When 确认发送 was committed. */
    sentAt: ms('sent_at'),
    /** When the notice reaches its chats: scheduledAt or sentAt. */
    publishAt: ms('publish_at'),
  },
  (t) => [
    index('notices_sender_idx').on(t.createdByIdentity, t.status),
    index('notices_publish_idx').on(t.status, t.publishAt),
  ],
);

/** The units a notice is addressed to; it reaches their bound chats and their members. */
export const noticeTargets = sqliteTable(
  'notice_targets',
  {
    noticeId: integer('notice_id').notNull(),
    unitId: text('unit_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.unitId] }), index('notice_targets_unit_idx').on(t.unitId)],
);

/** A member's confirmation (回执) of a notice; the primary key makes a repeat a no-op. */
export const noticeAcks = sqliteTable(
  'notice_acks',
  {
    noticeId: integer('notice_id').notNull(),
    memberId: text('member_id').notNull(),
    at: ms('at').notNull(),
    platform: text('platform').notNull(),
    userId: text('user_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.memberId] })],
);

/** One 催办 of a notice; `seq` numbers them per notice and makes the outbox refs unique. */
export const noticeChases = sqliteTable(
  'notice_chases',
  {
    noticeId: integer('notice_id').notNull(),
    seq: integer('seq').notNull(),
    at: ms('at').notNull(),
    /** Member id of the officer who chased (ActorRef), null for an admin without a member record. */
    byMemberId: text('by_member_id'),
    /** "platform:userId" of the officer who chased (ActorRef); nullable only for existing rows, as above. */
    byIdentity: text('by_identity'),
    /** How many unconfirmed members it addressed. */
    pending: integer('pending').notNull(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.seq] })],
);
