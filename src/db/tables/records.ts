import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// The record book (记录本) of a meeting beyond its header and attendance: the minutes, kept as
// versions (an edit adds one, the earlier ones stay), the 主持人's confirmation of a version, and
// the photos and files kept as evidence (their bytes in the runtime's file store, not here).

/** Epoch milliseconds; every timestamp in the database is stored this way. */
const ms = (name: string) => integer(name, { mode: 'number' });

/** One finished version of a meeting's minutes; never changed once written. */
export const minutes = sqliteTable(
  'minutes',
  {
    meetingId: integer('meeting_id').notNull(),
    /** 1, 2, …: the latest is the record. */
    version: integer('version').notNull(),
    /** The text as written, 议题 / 发言 / 决议 recognised by their headings when it is shown. */
    body: text('body').notNull(),
    /** Who finished it (ActorRef): the member, null for an administrator without a record. */
    authorMemberId: text('author_member_id'),
    authorIdentity: text('author_identity').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.version] })],
);

/** Minutes being written (纪要 12 … 完成): kept per message, so nothing sent is lost before 完成. */
export const minutesDrafts = sqliteTable('minutes_drafts', {
  meetingId: integer('meeting_id').primaryKey(),
  /** The version the draft adds to (0: none yet). */
  baseVersion: integer('base_version').notNull(),
  /** 'append': the draft follows the base version's text; 'rewrite': it replaces it. */
  mode: text('mode', { enum: ['append', 'rewrite'] }).notNull(),
  body: text('body').notNull(),
  authorMemberId: text('author_member_id'),
  authorIdentity: text('author_identity').notNull(),
  updatedAt: ms('updated_at').notNull(),
});

/** The 主持人's confirmation of one version (the signature line of the record book). */
export const minutesConfirmations = sqliteTable(
  'minutes_confirmations',
  {
    meetingId: integer('meeting_id').notNull(),
    version: integer('version').notNull(),
    memberId: text('member_id').notNull(),
    identity: text('identity').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.version] })],
);

/** A photo or file kept for a meeting; the bytes are in the file store under `fileKey`. */
export const meetingFiles = sqliteTable(
  'meeting_files',
  {
    id: text('id').primaryKey(),
    meetingId: integer('meeting_id').notNull(),
    kind: text('kind', { enum: ['image', 'file'] }).notNull(),
    /** The type read from the bytes (file-type), never the name's extension. */
    mime: text('mime').notNull(),
    name: text('name'),
    bytes: integer('bytes').notNull(),
    sha256: text('sha256').notNull(),
    fileKey: text('file_key').notNull(),
    /** A smaller JPEG for the record, when one could be made. */
    thumbKey: text('thumb_key'),
    /** A photo's size as shown (from its header), when it could be read. */
    width: integer('width'),
    height: integer('height'),
    /** The message it came with, and its place among the message's files: a repeat adds nothing. */
    platform: text('platform').notNull(),
    messageId: text('message_id').notNull(),
    position: integer('position').notNull(),
    /** Who sent it (ActorRef). */
    byMemberId: text('by_member_id'),
    byIdentity: text('by_identity').notNull(),
    /** When it was sent (the platform's time when given), and when it was kept. */
    sentAt: ms('sent_at').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('meeting_files_message_uq').on(t.platform, t.messageId, t.position),
    index('meeting_files_meeting_idx').on(t.meetingId, t.sentAt),
  ],
);
