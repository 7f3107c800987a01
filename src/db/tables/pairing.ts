import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Epoch milliseconds. */
const ms = (name: string) => integer(name, { mode: 'number' });

/** A volunteer profile (万人牵手): one per member. */
export const volunteers = sqliteTable(
  'volunteers',
  {
    memberId: text('member_id').primaryKey(),
    /** Skills as typed, joined with "、". */
    skills: text('skills').notNull(),
    /** Bit i set when the skills fit NEED_TYPES[i] (see services/pairing/skills.ts). */
    skillMask: integer('skill_mask').notNull(),
    /** 网格/小区/楼栋 as typed (normalised), '' when not given. */
    area: text('area').notNull().default(''),
    /** Free time as 21 bits: weekday (Mon=0) × part of day (上午/下午/晚上); 0 = not given. */
    freeMask: integer('free_mask').notNull().default(0),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('volunteers_area_idx').on(t.area)],
);

/**
 * A household need (求助). `id` is the number people type (max + 1). The household's name, phone
 * and address are stored only as AES-GCM ciphertexts (services/crypto.ts), never in plaintext.
 */
export const needs = sqliteTable(
  'needs',
  {
    id: integer('id').primaryKey(),
    unitId: text('unit_id').notNull(),
    type: text('type').notNull(),
    description: text('description').notNull(),
    area: text('area').notNull().default(''),
    urgency: text('urgency', { enum: ['normal', 'urgent', 'critical'] })
      .notNull()
      .default('normal'),
    /** When the household needs help, same 21-bit form as volunteers.free_mask; 0 = any time. */
    timeMask: integer('time_mask').notNull().default(0),
    status: text('status', { enum: ['open', 'assigned', 'accepted', 'in_service', 'rated', 'closed'] }).notNull(),
    /** Number of transitions so far; need_events(need_id, seq) makes racing transitions conflict. */
    version: integer('version').notNull().default(0),
    volunteerId: text('volunteer_id'),
    /** Who registered the need (ActorRef): their member record, null for an administrator without one… */
    createdByMemberId: text('created_by_member_id'),
    /** …and their account, "platform:userId" (null only in rows older than this column). */
    createdByIdentity: text('created_by_identity'),
    createdAt: ms('created_at').notNull(),
    /** When the status last changed (opened, re-opened, assigned…), for the alerts. */
    statusAt: ms('status_at').notNull(),
    lastVisitAt: ms('last_visit_at'),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    /** Household consent to sharing its contact data: null = not asked yet. */
    consent: integer('consent', { mode: 'boolean' }),
    consentAt: ms('consent_at'),
    /** Who recorded the consent (ActorRef columns, as for the creator). */
    consentByMemberId: text('consent_by_member_id'),
    consentByIdentity: text('consent_by_identity'),
    nameEnc: text('name_enc'),
    phoneEnc: text('phone_enc'),
    addressEnc: text('address_enc'),
    /**
     * When the household's fields were erased (PIPL: kept no longer than needed), why — 结案, 解除
     * without a new 派单 in time, an officer's 删除住户, the household's 撤回同意 — and by whom
     * (ActorRef; both null when the scheduler erased them). Null while nothing was erased.
     */
    householdErasedAt: ms('household_erased_at'),
    householdErasedCause: text('household_erased_cause', { enum: ['closed', 'released', 'officer', 'withdrawn'] }),
    householdErasedByMemberId: text('household_erased_by_member_id'),
    householdErasedByIdentity: text('household_erased_by_identity'),
  },
  (t) => [
    index('needs_unit_status_idx').on(t.unitId, t.status),
    index('needs_volunteer_status_idx').on(t.volunteerId, t.status),
    index('needs_status_at_idx').on(t.status, t.statusAt),
  ],
);

/** One visit or service logged against a need (服务): the civil-affairs service record. */
export const serviceLogs = sqliteTable(
  'service_logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    needId: integer('need_id').notNull(),
    volunteerId: text('volunteer_id').notNull(),
    at: ms('at').notNull(),
    hours: real('hours').notNull(),
    content: text('content').notNull(),
    /** Who logged the visit (ActorRef): the volunteer, or an officer logging on their behalf (代录). */
    loggedByMemberId: text('logged_by_member_id'),
    loggedByIdentity: text('logged_by_identity'),
  },
  (t) => [
    index('service_logs_need_idx').on(t.needId, t.at),
    index('service_logs_volunteer_idx').on(t.volunteerId, t.at),
  ],
);

/**
 * The lifecycle history of a need, one row per transition. The primary key (need_id, seq) with
 * seq = version + 1 makes two transitions racing from the same state conflict, so the loser is
 * re-run against the new state (the dispatcher retries on constraint violations).
 */
export const needEvents = sqliteTable(
  'need_events',
  {
    needId: integer('need_id').notNull(),
    seq: integer('seq').notNull(),
    event: text('event').notNull(),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    /** Who made the transition (ActorRef): member record (null for an administrator without one)… */
    actorMemberId: text('actor_member_id'),
    /** …and account, "platform:userId". */
    actorIdentity: text('actor_identity'),
    volunteerId: text('volunteer_id'),
    at: ms('at').notNull(),
    /** Reason or comment; checked to hold no personal data. */
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.needId, t.seq] })],
);
