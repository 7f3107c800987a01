import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Epoch milliseconds; every timestamp in the database is stored this way. */
const ms = (name: string) => integer(name, { mode: 'number' });

export const MEETING_TYPES = [
  'general_assembly',
  'committee_meeting',
  'group_meeting',
  'lecture',
  'theme_day',
  'volunteer',
  'other',
] as const;

/** A monthly repeat ("每月15日 15:00"): the template each occurrence is made from. */
export const meetingSeries = sqliteTable('meeting_series', {
  id: text('id').primaryKey(),
  unitId: text('unit_id').notNull(),
  type: text('type', { enum: MEETING_TYPES }).notNull(),
  title: text('title').notNull(),
  place: text('place'),
  /** Day of month 1-28 and wall-clock time in the unit's zone. */
  day: integer('day').notNull(),
  hour: integer('hour').notNull(),
  minute: integer('minute').notNull(),
  /** How long each occurrence lasts when a range was written (「每月15日 15:00-17:00」), else null. */
  durationMin: integer('duration_min'),
  requireCode: integer('require_code', { mode: 'boolean' }).notNull().default(false),
  opensBeforeMin: integer('opens_before_min').notNull(),
  closesAfterMin: integer('closes_after_min').notNull(),
  hostMemberId: text('host_member_id'),
  recorderMemberId: text('recorder_member_id'),
  /** The 主讲人 of a 党课 (or of any meeting that has a speaker), when given. */
  speakerMemberId: text('speaker_member_id'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Who set up the repeat (ActorRef): the member, null for an administrator without a record. */
  createdByMemberId: text('created_by_member_id'),
  /** "platform:userId" of who set up the repeat. */
  createdByIdentity: text('created_by_identity'),
  createdAt: ms('created_at').notNull(),
});

/** One meeting; `id` is the number people type (会议 #12). */
export const meetings = sqliteTable(
  'meetings',
  {
    id: integer('id').primaryKey(),
    unitId: text('unit_id').notNull(),
    type: text('type', { enum: MEETING_TYPES }).notNull(),
    title: text('title').notNull(),
    place: text('place'),
    startsAt: ms('starts_at').notNull(),
    /** When it ends, when a range was written (「下午3点到5点」); null when only a start was given. */
    endsAt: ms('ends_at'),
    /** The check-in window, fixed when the meeting is scheduled (from the start, whatever the end). */
    opensBeforeMin: integer('opens_before_min').notNull(),
    closesAfterMin: integer('closes_after_min').notNull(),
    /** Base64 secret of the rotating check-in code; null when no code is required. */
    codeSecret: text('code_secret'),
    /**
     * Mixed into the code's HMAC input: raised when a code was typed into a group, which retires
     * every code shown so far at once (src/services/meetings/checkin-code.ts).
     */
    codeGeneration: integer('code_generation').notNull().default(0),
    seriesId: text('series_id'),
    hostMemberId: text('host_member_id'),
    recorderMemberId: text('recorder_member_id'),
    /** The 主讲人 of a 党课 (or of any meeting that has a speaker), when given. */
    speakerMemberId: text('speaker_member_id'),
    status: text('status', { enum: ['scheduled', 'cancelled'] })
      .notNull()
      .default('scheduled'),
    cancelReason: text('cancel_reason'),
    cancelledAt: ms('cancelled_at'),
    /**
     * Who scheduled it (ActorRef): the member (null for an administrator without a record) and
     * "platform:userId". Both null on occurrences a monthly series made: series_id names the rule.
     */
    createdByMemberId: text('created_by_member_id'),
    createdByIdentity: text('created_by_identity'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('meetings_unit_start_idx').on(t.unitId, t.startsAt),
    uniqueIndex('meetings_series_start_uq').on(t.seriesId, t.startsAt),
  ],
);

/**
 * One person's record for one meeting: present (self, proxy or approved makeup) or on leave, or an
 * absence with a reason an officer gave. The primary key makes a second check-in a conflict.
 */
export const attendance = sqliteTable(
  'attendance',
  {
    meetingId: integer('meeting_id').notNull(),
    memberId: text('member_id').notNull(),
    status: text('status', { enum: ['present', 'leave', 'absent'] }).notNull(),
    /** How a present member was recorded: self (签到), proxy (代签) or makeup (补签 approved). */
    method: text('method', { enum: ['self', 'proxy', 'makeup'] }),
    late: integer('late', { mode: 'boolean' }).notNull().default(false),
    /** Leave reason, makeup reason or absence reason. */
    reason: text('reason'),
    at: ms('at').notNull(),
    /** The officer who did the 代签, approved the 补签 or recorded the absence. */
    byMemberId: text('by_member_id'),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] }), index('attendance_member_idx').on(t.memberId)],
);

/**
 * Each wrong 签到码 a member typed for a meeting (in a direct chat): CHECKIN_CODE_MAX_WRONG of
 * them lock the member out of code check-in for that meeting (src/services/meetings/checkin.ts).
 */
export const checkinWrongCodes = sqliteTable(
  'checkin_wrong_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    meetingId: integer('meeting_id').notNull(),
    memberId: text('member_id').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [index('checkin_wrong_codes_meeting_member_idx').on(t.meetingId, t.memberId)],
);

/** A 补签 request; `id` is the 申请号 an officer approves or rejects. */
export const makeupRequests = sqliteTable(
  'makeup_requests',
  {
    id: integer('id').primaryKey(),
    meetingId: integer('meeting_id').notNull(),
    memberId: text('member_id').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected'] })
      .notNull()
      .default('pending'),
    requestedAt: ms('requested_at').notNull(),
    /** Who approved or rejected it (ActorRef): the member, null for an administrator without a record. */
    decidedByMemberId: text('decided_by_member_id'),
    /** "platform:userId" of who approved or rejected it. */
    decidedByIdentity: text('decided_by_identity'),
    decidedAt: ms('decided_at'),
    note: text('note'),
  },
  (t) => [uniqueIndex('makeup_meeting_member_uq').on(t.meetingId, t.memberId)],
);

/**
 * A 会议 held back because it looks like a duplicate of `duplicateOf`, waiting for its 确认安排
 * (one per scheduler: a new one replaces it). `input` is the meeting as read (JSON, times as epoch
 * ms), so confirming later creates what was asked then, whatever a relative time would read as now.
 */
export const meetingDrafts = sqliteTable(
  'meeting_drafts',
  {
    /** The scheduler's account: only they can confirm. */
    platform: text('platform').notNull(),
    userId: text('user_id').notNull(),
    input: text('input').notNull(),
    duplicateOf: integer('duplicate_of').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.userId] })],
);
