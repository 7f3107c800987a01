import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Epoch milliseconds; every timestamp in the database is stored this way. */
const ms = (name: string) => integer(name, { mode: 'number' });

/** 党委 → 总支 → 支部 → 小组: an organisational unit. */
export const units = sqliteTable(
  'units',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    type: text('type', { enum: ['committee', 'general_branch', 'branch', 'group'] }).notNull(),
    parentId: text('parent_id'),
    timeZone: text('time_zone').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('units_name_uq').on(t.name), index('units_parent_idx').on(t.parentId)],
);

/** A person known to Pioneer; belongs to one unit (组织关系). */
export const members = sqliteTable(
  'members',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    unitId: text('unit_id'),
    role: text('role', { enum: ['secretary', 'committee', 'member', 'activist', 'masses'] }).notNull(),
    /** 正式 / 预备 for party members, null for activists and masses. */
    partyStatus: text('party_status', { enum: ['formal', 'probationary'] }),
    isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
    /** A 副书记: role secretary, beside the one 书记 a unit has (src/services/org/members.ts appoint). */
    deputy: integer('deputy', { mode: 'boolean' }).notNull().default(false),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('members_unit_idx').on(t.unitId),
    // 成员 of a 党委 counts by unit and role from the index alone (50,000 members: no table reads, no sort).
    index('members_unit_role_idx').on(t.unitId, t.role, t.partyStatus, t.deputy),
  ],
);

/**
 * A 任命 that replaces a unit's 书记, waiting for its 确认任命 (one per appointer: a new one
 * replaces it). Kept until confirmed or replaced; older than APPOINTMENT_CONFIRM_MINUTES it is void.
 */
export const appointmentDrafts = sqliteTable(
  'appointment_drafts',
  {
    /** The appointer's account: only they can confirm. */
    platform: text('platform').notNull(),
    userId: text('user_id').notNull(),
    targetMemberId: text('target_member_id').notNull(),
    unitId: text('unit_id').notNull(),
    /** The 书记 being replaced, as the draft saw them; the confirmation checks they still are. */
    replacesMemberId: text('replaces_member_id').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.userId] })],
);

/** A platform account of a member; one member may have several. */
export const identities = sqliteTable(
  'identities',
  {
    platform: text('platform').notNull(),
    userId: text('user_id').notNull(),
    memberId: text('member_id').notNull(),
    displayName: text('display_name'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.userId] }), index('identities_member_idx').on(t.memberId)],
);

/** A group chat that belongs to a unit; notices and reminders for the unit go there. */
export const chatBindings = sqliteTable(
  'chat_bindings',
  {
    platform: text('platform').notNull(),
    chatId: text('chat_id').notNull(),
    unitId: text('unit_id').notNull(),
    chatName: text('chat_name'),
    /** Who bound the chat (ActorRef): their member record, null for an administrator without one. */
    boundByMemberId: text('bound_by_member_id'),
    /** Who bound the chat: "platform:userId". Null only on rows older than migrations/0008_actor_data.sql. */
    boundByIdentity: text('bound_by_identity'),
    boundAt: ms('bound_at').notNull(),
    /**
     * The key of a send-only group robot bound by `绑定 <组织> 群机器人 <key>`, sealed with
     * PIONEER_DATA_KEY (bound to this row: see src/services/org/robots.ts); null for chats the bot
     * is in and for robots whose key is in the environment.
     */
    secretSealed: text('secret_sealed'),
  },
  (t) => [primaryKey({ columns: [t.platform, t.chatId] }), index('chat_bindings_unit_idx').on(t.unitId)],
);

/** A one-time invite code for joining a unit with a role. */
export const invites = sqliteTable('invites', {
  code: text('code').primaryKey(),
  unitId: text('unit_id').notNull(),
  role: text('role', { enum: ['secretary', 'committee', 'member', 'activist', 'masses'] }).notNull(),
  partyStatus: text('party_status', { enum: ['formal', 'probationary'] }),
  /** A 副书记's code (邀请 副书记). */
  deputy: integer('deputy', { mode: 'boolean' }).notNull().default(false),
  /** Who issued the code (ActorRef): their member record, null for an administrator without one. */
  createdByMemberId: text('created_by_member_id'),
  /** Who issued the code: "platform:userId". Null only on rows older than migrations/0008_actor_data.sql. */
  createdByIdentity: text('created_by_identity'),
  createdAt: ms('created_at').notNull(),
  expiresAt: ms('expires_at').notNull(),
  /**
   * A code bound to one person (邀请 委员 @某人): only this platform account may use it. Null for a
   * code anyone holding it may use.
   */
  forPlatform: text('for_platform'),
  forUserId: text('for_user_id'),
  /** The name the person was mentioned by, for the issuer's replies. */
  forName: text('for_name'),
});

/**
 * Use of an invite. A separate row (primary key = code) so that two people racing for one
 * code conflict inside their write batches and only one wins.
 */
export const inviteUses = sqliteTable('invite_uses', {
  code: text('code').primaryKey(),
  memberId: text('member_id').notNull(),
  usedAt: ms('used_at').notNull(),
});

/** Append-only record of privileged actions. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: ms('at').notNull(),
    actorMemberId: text('actor_member_id'),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    unitId: text('unit_id'),
    platform: text('platform'),
    chatId: text('chat_id'),
    target: text('target'),
    detail: text('detail'),
  },
  (t) => [index('audit_unit_at_idx').on(t.unitId, t.at)],
);

/**
 * Answers already given, replayed to a repeat of the same message: the same platform and message
 * id from the same sender in the same chat (another sender's message with that id is their own).
 * Replies that carry an export link, a file or household data are never stored (Reply.sensitive);
 * rows are pruned after ANSWERS_KEEP_HOURS.
 */
export const processedMessages = sqliteTable(
  'processed_messages',
  {
    platform: text('platform').notNull(),
    messageId: text('message_id').notNull(),
    senderId: text('sender_id').notNull(),
    chatId: text('chat_id').notNull(),
    response: text('response').notNull(),
    createdAt: ms('created_at')
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.messageId, t.senderId, t.chatId] }),
    index('processed_created_idx').on(t.createdAt),
  ],
);
