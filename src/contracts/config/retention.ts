import { intVar } from './env.js';

// How long what the bot keeps only for its own bookkeeping is kept (README: "What is kept, for how
// long"). Each row carries its own end (the inbox sets keep_until in src/runtime/inbox.ts); records people
// made (meetings, attendance, notices, pairings) and the audit log are not pruned. Each can be
// changed by the environment variable of the same name.

/**
 * Stored answers (processed_messages), kept for replaying the answer to a repeated message: the
 * longest re-delivery of any platform is hours (Feishu's last re-push comes about 6 h after the
 * first), and a client retrying after a network failure retries within minutes.
 */
export const ANSWERS_KEEP_HOURS = 48;
/** Delivered outbox rows: past the daily caps and rate windows rebuilt from them after a restart. */
export const OUTBOX_SENT_KEEP_DAYS = 7;
/** Outbox rows given up (投递失败): officers see them and may 重发 them for this long. */
export const OUTBOX_DEAD_KEEP_DAYS = 30;
/** Guided exchanges (conversations) are deleted this long after they expired. */
export const CONVERSATIONS_KEEP_HOURS = 24;
/** Slots of periodic jobs (scheduler_runs): they only stop a slot from running twice. */
export const SCHEDULER_RUNS_KEEP_DAYS = 7;
/** Meeting reminders sent or missed: past 错过提醒's 14 days. */
export const REMINDERS_DONE_KEEP_DAYS = 30;
/**
 * Wrong 签到码 (checkin_wrong_codes): they lock a member out of code check-in only while the
 * meeting's window is open (hours); each is also in the audit log (attendance.code_wrong).
 */
export const CHECKIN_WRONG_CODES_KEEP_DAYS = 7;
/** Rows deleted per statement: short statements, so messages never wait long for the database. */
export const RETENTION_BATCH_SIZE = 500;
/** Most statements per table and pass; what is left goes in the next pass. */
export const RETENTION_MAX_BATCHES = 20;
/** How often the scheduler runs a pass, in minutes. */
export const RETENTION_EVERY_MIN = 10;

/** The retention's environment variables, spread into the core's schema (./index.ts). */
export const retentionEnvShape = {
  ANSWERS_KEEP_HOURS: intVar(1, ANSWERS_KEEP_HOURS),
  OUTBOX_SENT_KEEP_DAYS: intVar(1, OUTBOX_SENT_KEEP_DAYS),
  OUTBOX_DEAD_KEEP_DAYS: intVar(1, OUTBOX_DEAD_KEEP_DAYS),
  CONVERSATIONS_KEEP_HOURS: intVar(0, CONVERSATIONS_KEEP_HOURS),
  SCHEDULER_RUNS_KEEP_DAYS: intVar(1, SCHEDULER_RUNS_KEEP_DAYS),
  REMINDERS_DONE_KEEP_DAYS: intVar(14, REMINDERS_DONE_KEEP_DAYS),
  CHECKIN_WRONG_CODES_KEEP_DAYS: intVar(1, CHECKIN_WRONG_CODES_KEEP_DAYS),
  RETENTION_BATCH_SIZE: intVar(1, RETENTION_BATCH_SIZE),
  RETENTION_MAX_BATCHES: intVar(1, RETENTION_MAX_BATCHES),
  RETENTION_EVERY_MIN: intVar(1, RETENTION_EVERY_MIN),
};

/** What the retention pass reads from the config. */
export type RetentionSettings = { [K in keyof typeof retentionEnvShape]: number };
