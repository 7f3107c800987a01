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
    /** The time given with 截止, by which people should confirm; null without one. */
    deadlineAt: ms('deadline_at'),
    /** When 撤回通知 withdrew it (收到, 未读, 催办 stop); null while it stands. */
    withdrawnAt: ms('withdrawn_at'),
    /** Who withdrew it (ActorRef). */
    withdrawnByMemberId: text('withdrawn_by_member_id'),
    withdrawnByIdentity: text('withdrawn_by_identity'),
  },
  (t) => [
    index('notices_sender_idx').on(t.createdByIdentity, t.status),
    index('notices_publish_idx').on(t.status, t.publishAt),
    // The scheduler's look for deadlines within the next 2 hours, every tick (services/notices/deadline.ts).
    index('notices_deadline_idx').on(t.status, t.deadlineAt),
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
    /** 'phone' for `催办 N 电话`; null for a step of the ladder (notice_chase_units holds the steps). */
    channel: text('channel'),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.seq] })],
);

/**
 * The step of the 催办 ladder one chase took for one unit (1: @ in its chats, 2: a direct message
 * to each, 3: escalation): the next chase of that unit takes the next step, not within an hour.
 */
export const noticeChaseUnits = sqliteTable(
  'notice_chase_units',
  {
    noticeId: integer('notice_id').notNull(),
    unitId: text('unit_id').notNull(),
    seq: integer('seq').notNull(),
    step: integer('step').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.unitId, t.seq] })],
);

/**
 * Who has read a notice (any of its delivered messages), as the platform's read receipts said:
 * kept, since platforms answer only for recent messages and each question costs API quota.
 */
export const noticeReads = sqliteTable(
  'notice_reads',
  {
    noticeId: integer('notice_id').notNull(),
    platform: text('platform').notNull(),
    userId: text('user_id').notNull(),
    /** When the bot first learnt it. */
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.platform, t.userId] })],
);

/**
 * When the bot last asked the platform who read a delivered message (outbox id): at most once per
 * NOTICE_READS_REFRESH_MS, whichever process asks (the Feishu free plan caps API calls a month).
 */
export const deliveredReadChecks = sqliteTable('delivered_read_checks', {
  outboxId: integer('outbox_id').primaryKey(),
  checkedAt: ms('checked_at').notNull(),
});
