import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Epoch milliseconds, like every timestamp in the database. */
const ms = (name: string) => integer(name, { mode: 'number' });

/**
 * One reminder of one meeting (会议提醒), `offset_min` before its start, due at `due_at` (moved out
 * of quiet hours when needed). The scheduler leases due rows (lease_owner/lease_until), enqueues
 * their messages and marks them sent in one batch; rows that came due too long ago are marked missed.
 *
 * `id` is AUTOINCREMENT so a deleted row's id is never reused: it is the outbox `ref`, and a reused
 * id would make a new reminder look like a repeat of an old one.
 */
export const reminders = sqliteTable(
  'reminders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    meetingId: integer('meeting_id').notNull(),
    /** Minutes before the start this reminder stands for (the unit's 提醒设置). */
    offsetMin: integer('offset_min').notNull(),
    /** When it is sent. */
    dueAt: ms('due_at').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'missed'] })
      .notNull()
      .default('pending'),
    leaseOwner: text('lease_owner'),
    leaseUntil: ms('lease_until'),
    /** When it was sent or marked missed. */
    doneAt: ms('done_at'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('reminders_meeting_offset_uq').on(t.meetingId, t.offsetMin),
    // The tick's only search: pending rows with due_at <= now (and 错过提醒: missed rows by time).
    index('reminders_due_idx').on(t.status, t.dueAt),
  ],
);

/**
 * A unit's 提醒设置. Null fields are inherited from the nearest unit above that sets them, else
 * the configured defaults (REMINDER_OFFSETS_MIN, REMINDER_QUIET_HOURS).
 */
export const reminderSettings = sqliteTable('reminder_settings', {
  unitId: text('unit_id').primaryKey(),
  /** JSON array of minutes before the start, largest first, e.g. [1440,60,15]. */
  offsetsMin: text('offsets_min'),
  /** "22:00-07:00", or "off" for no quiet hours. */
  quietHours: text('quiet_hours'),
  /** Who last changed them (ActorRef): their member record, null for an administrator without one… */
  updatedByMemberId: text('updated_by_member_id'),
  /** …and their account, "platform:userId". */
  updatedByIdentity: text('updated_by_identity'),
  updatedAt: ms('updated_at').notNull(),
});

/**
 * Periodic jobs the scheduler ran (repeats, pairing alerts, weekly digests): one row per job and
 * slot (a time bucket or a unit's week), inserted before the job runs so that of several
 * schedulers sharing the database only one runs it.
 */
export const schedulerRuns = sqliteTable(
  'scheduler_runs',
  {
    job: text('job').notNull(),
    slot: text('slot').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.job, t.slot] })],
);
