import { z } from 'zod';
import type { PlatformLimits } from '../adapter.js';

// Defaults of the relay and of the platforms' pacing (../shared/PLATFORMS.md). Each one can be
// changed by the environment variable of the same name (see `relayEnvShape`).

/** How often an idle relay looks for due rows. */
export const RELAY_POLL_MS = 1000;
/** Rows claimed per round. */
export const RELAY_BATCH_SIZE = 100;
/** How long a claimed row belongs to one relay; a crashed relay's rows are taken over after it. */
export const RELAY_LEASE_MS = 60_000;
/** Chats sent to at the same time. */
export const RELAY_CONCURRENCY = 8;
/** Failed attempts after which a row is dead (shown by 投递失败, retried by 重发). */
export const RELAY_MAX_ATTEMPTS = 8;
/** First retry delay; doubles per failure (with jitter) up to the maximum. */
export const RELAY_BACKOFF_BASE_MS = 2000;
export const RELAY_BACKOFF_MAX_MS = 30 * 60_000;
/** A row whose rate-limit slot is further away than this is put back with not_before = slot. */
export const RELAY_LOOKAHEAD_MS = 10_000;
/** A send that takes longer than this counts as failed (the idempotency key makes a retry safe). */
export const RELAY_SEND_TIMEOUT_MS = 20_000;
/** Added to every rate window to absorb network jitter. */
export const RELAY_RATE_MARGIN_MS = 25;

/** Feishu/Lark: per app per second and per minute, and per chat per second. */
export const LARK_RATE_PER_SEC = 50;
export const LARK_RATE_PER_MIN = 1000;
export const LARK_CHAT_RATE_PER_SEC = 5;

/** Personal WeChat: minimum gap per room plus jitter, per-account per minute and per day. */
export const WECHAT_ROOM_GAP_MS = 3000;
export const WECHAT_ROOM_JITTER_MS = 2000;
export const WECHAT_RATE_PER_MIN = 20;
export const WECHAT_DAILY_CAP = 300;
/** Hour (in PIONEER_TZ) at which rows held back by the daily cap go out the next day. */
export const WECHAT_RESUME_HOUR = 7;
/** Most people one WeChat message mentions (the rest are named in plain text): never mass-mention. */
export const WECHAT_MAX_MENTIONS = 10;
/** Minimum gap between two direct answers in one WeChat chat (answers are not in the outbox). */
export const WECHAT_REPLY_GAP_MS = 1000;

const int = (min: number, def: number) => z.coerce.number().int().min(min).default(def);

/** The relay's environment variables, spread into the one config schema (src/config.ts). */
export const relayEnvShape = {
  RELAY_POLL_MS: int(10, RELAY_POLL_MS),
  RELAY_BATCH_SIZE: int(1, RELAY_BATCH_SIZE),
  RELAY_LEASE_MS: int(1000, RELAY_LEASE_MS),
  RELAY_CONCURRENCY: int(1, RELAY_CONCURRENCY),
  RELAY_MAX_ATTEMPTS: int(1, RELAY_MAX_ATTEMPTS),
  RELAY_BACKOFF_BASE_MS: int(1, RELAY_BACKOFF_BASE_MS),
  RELAY_BACKOFF_MAX_MS: int(1, RELAY_BACKOFF_MAX_MS),
  RELAY_LOOKAHEAD_MS: int(0, RELAY_LOOKAHEAD_MS),
  RELAY_SEND_TIMEOUT_MS: int(100, RELAY_SEND_TIMEOUT_MS),
  RELAY_RATE_MARGIN_MS: int(0, RELAY_RATE_MARGIN_MS),
  LARK_RATE_PER_SEC: int(1, LARK_RATE_PER_SEC),
  LARK_RATE_PER_MIN: int(1, LARK_RATE_PER_MIN),
  LARK_CHAT_RATE_PER_SEC: int(1, LARK_CHAT_RATE_PER_SEC),
  WECHAT_ROOM_GAP_MS: int(0, WECHAT_ROOM_GAP_MS),
  WECHAT_ROOM_JITTER_MS: int(0, WECHAT_ROOM_JITTER_MS),
  WECHAT_RATE_PER_MIN: int(1, WECHAT_RATE_PER_MIN),
  WECHAT_DAILY_CAP: int(1, WECHAT_DAILY_CAP),
  WECHAT_RESUME_HOUR: z.coerce.number().int().min(0).max(23).default(WECHAT_RESUME_HOUR),
  WECHAT_MAX_MENTIONS: int(0, WECHAT_MAX_MENTIONS),
  WECHAT_REPLY_GAP_MS: int(0, WECHAT_REPLY_GAP_MS),
};

/** What the relay reads from the config. */
export type RelaySettings = { [K in keyof typeof relayEnvShape]: number } & { PIONEER_TZ: string };

/** Defaults of every relay setting, for tests and benchmarks that override a few. */
export function defaultRelaySettings(overrides: Partial<RelaySettings> = {}): RelaySettings {
  const parsed = z.object(relayEnvShape).parse({});
  return { ...parsed, PIONEER_TZ: 'Asia/Shanghai', ...overrides };
}

/** Pacing per platform name; platforms not listed (the playground) are not limited. */
export function platformLimits(s: RelaySettings): Map<string, PlatformLimits> {
  const marginMs = s.RELAY_RATE_MARGIN_MS;
  return new Map<string, PlatformLimits>([
    [
      'lark',
      {
        app: [
          { limit: s.LARK_RATE_PER_SEC, windowMs: 1000 },
          { limit: s.LARK_RATE_PER_MIN, windowMs: 60_000 },
        ],
        chat: [{ limit: s.LARK_CHAT_RATE_PER_SEC, windowMs: 1000 }],
        marginMs,
      },
    ],
    [
      'wechat',
      {
        app: [{ limit: s.WECHAT_RATE_PER_MIN, windowMs: 60_000 }],
        chatGapMs: s.WECHAT_ROOM_GAP_MS,
        chatJitterMs: s.WECHAT_ROOM_JITTER_MS,
        dailyCap: s.WECHAT_DAILY_CAP,
        dailyResumeHour: s.WECHAT_RESUME_HOUR,
        timeZone: s.PIONEER_TZ,
        marginMs,
      },
    ],
  ]);
}
