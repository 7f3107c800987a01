import { z } from 'zod';

// Defaults of the reminders and the scheduler. Each can be changed by the environment variable of
// the same name (see `schedulerEnvShape`); offsets and quiet hours also per unit with 提醒设置.

/** How often the Node timer runs a scheduler tick (Workers: the cron trigger, every minute). */
export const SCHEDULER_TICK_MS = 15_000;
/** Default reminder offsets, minutes before the start: 1 天, 1 小时, 15 分钟. */
export const REMINDER_OFFSETS_MIN = '1440,60,15';
/** Default quiet hours in the unit's zone ("off" for none). */
export const REMINDER_QUIET_HOURS = '22:00-07:00';
/** A reminder in quiet hours still goes at its time when the meeting starts within this many minutes of it. */
export const REMINDER_QUIET_BYPASS_MIN = 60;
/** After downtime, reminders that came due at most this long ago are still sent; older ones are missed. */
export const REMINDER_GRACE_MIN = 30;
/** How long a claimed reminder belongs to one tick; a crashed tick's reminders are redone after it. */
export const REMINDER_LEASE_MS = 60_000;
/** Reminders claimed per statement (a tick claims until none is due). */
export const REMINDER_BATCH_SIZE = 200;
/**
 * Most people @-mentioned in one reminder, the rest named; the upper bound of what the chat's
 * platform allows (PlatformCapabilities: maxMentions, and none where broadcasts must not mention).
 */
export const REMINDER_MENTION_CAP = 20;
/** Most people named (beyond the mentioned ones) before "等 N 人". */
export const REMINDER_NAMES_MAX = 50;
/** How far back 错过提醒 lists missed reminders, in days. */
export const REMINDER_MISSED_LIST_DAYS = 14;
/** Weekly 本季度 digest to officers: weekday (0 = Sunday, 1 = Monday) and time in the unit's zone. */
export const QUARTER_DIGEST_WEEKDAY = 1;
export const QUARTER_DIGEST_TIME = '09:00';
/** How often the scheduler runs its periodic jobs (next monthly occurrences, weekly digest check), in minutes. */
export const SCHEDULER_JOBS_EVERY_MIN = 5;
/**
 * A released (解除) need not assigned again within this many days has its household's name, phone and
 * address erased by the pairing job (PIPL: kept no longer than needed).
 */
export const HOUSEHOLD_KEPT_AFTER_RELEASE_DAYS = 30;
/** How often the scheduler runs the pairing alerts, in minutes. */
export const PAIRING_ALERTS_EVERY_MIN = 60;

/** Most offsets a unit may set, and the longest one (7 days). */
export const REMINDER_MAX_OFFSETS = 5;
export const REMINDER_MAX_OFFSET_MIN = 7 * 24 * 60;

/** Quiet hours as minutes of the day, [startMin, endMin); may wrap past midnight. */
export interface QuietHours {
  startMin: number;
  endMin: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "22:00-07:00", "22点-7点", "22:00至7:30" → quiet hours; null when malformed. */
export function parseQuietHours(text: string): QuietHours | null {
  const g = /^(\d{1,2})(?:\s*[:点时]\s*(\d{2})?)?\s*(?:-|~|至|到)\s*(\d{1,2})(?:\s*[:点时]\s*(\d{2})?)?$/.exec(
    text.normalize('NFKC').trim(),
  );
  if (!g) return null;
  const start = Number(g[1]) * 60 + Number(g[2] ?? 0);
  const end = Number(g[3]) * 60 + Number(g[4] ?? 0);
  const ok = (h: string, m: string | undefined) => Number(h) <= 24 && Number(m ?? 0) < 60;
  if (!ok(g[1]!, g[2]) || !ok(g[3]!, g[4]) || start > 1440 || end > 1440) return null;
  if (start % 1440 === end % 1440) return null;
  return { startMin: start % 1440, endMin: end % 1440 };
}

/** "22:00-07:00" */
export function formatQuietHours(q: QuietHours): string {
  const hm = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
  return `${hm(q.startMin)}-${hm(q.endMin)}`;
}

const OFF_WORDS = new Set(['关', '关闭', '无', '不设', 'off', 'none']);

/** The stored or configured quiet hours: "off" is none; null when malformed. */
export function parseQuietSetting(text: string): QuietHours | 'off' | null {
  return OFF_WORDS.has(text.trim().toLowerCase()) ? 'off' : parseQuietHours(text);
}

const int = (min: number, def: number) => z.coerce.number().int().min(min).default(def);

/** The scheduler's environment variables, spread into the one config schema (./index.ts). */
export const schedulerEnvShape = {
  SCHEDULER_TICK_MS: int(1000, SCHEDULER_TICK_MS),
  REMINDER_OFFSETS_MIN: z
    .string()
    .default(REMINDER_OFFSETS_MIN)
    .transform((v, ctx) => {
      const list = v.split(',').map((s) => Number(s.trim()));
      if (
        list.length === 0 ||
        list.length > REMINDER_MAX_OFFSETS ||
        list.some((n) => !Number.isInteger(n) || n < 1 || n > REMINDER_MAX_OFFSET_MIN)
      ) {
        ctx.addIssue({
          code: 'custom',
          message: `comma list of 1-${REMINDER_MAX_OFFSETS} whole minutes, each 1-${REMINDER_MAX_OFFSET_MIN}`,
        });
        return z.NEVER;
      }
      return [...new Set(list)].sort((a, b) => b - a);
    }),
  REMINDER_QUIET_HOURS: z
    .string()
    .default(REMINDER_QUIET_HOURS)
    .refine((v) => parseQuietSetting(v) !== null, 'HH:MM-HH:MM or "off"'),
  REMINDER_QUIET_BYPASS_MIN: int(0, REMINDER_QUIET_BYPASS_MIN),
  REMINDER_GRACE_MIN: int(0, REMINDER_GRACE_MIN),
  REMINDER_LEASE_MS: int(1000, REMINDER_LEASE_MS),
  REMINDER_BATCH_SIZE: int(1, REMINDER_BATCH_SIZE),
  REMINDER_MENTION_CAP: int(0, REMINDER_MENTION_CAP),
  REMINDER_NAMES_MAX: int(0, REMINDER_NAMES_MAX),
  REMINDER_MISSED_LIST_DAYS: int(1, REMINDER_MISSED_LIST_DAYS),
  QUARTER_DIGEST_WEEKDAY: z.coerce.number().int().min(0).max(6).default(QUARTER_DIGEST_WEEKDAY),
  QUARTER_DIGEST_TIME: z
    .string()
    .default(QUARTER_DIGEST_TIME)
    .refine((v) => /^([01]?\d|2[0-3]):[0-5]\d$/.test(v), 'HH:MM'),
  SCHEDULER_JOBS_EVERY_MIN: int(1, SCHEDULER_JOBS_EVERY_MIN),
  HOUSEHOLD_KEPT_AFTER_RELEASE_DAYS: int(1, HOUSEHOLD_KEPT_AFTER_RELEASE_DAYS),
  PAIRING_ALERTS_EVERY_MIN: int(1, PAIRING_ALERTS_EVERY_MIN),
};

/** What the scheduler and the reminder services read from the config. */
export type SchedulerSettings = z.infer<z.ZodObject<typeof schedulerEnvShape>>;

/** Defaults of every scheduler setting, for tests and benchmarks that override a few. */
export function defaultSchedulerSettings(overrides: Partial<SchedulerSettings> = {}): SchedulerSettings {
  return { ...z.object(schedulerEnvShape).parse({}), ...overrides };
}
