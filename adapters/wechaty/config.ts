import { z } from 'zod';
import type { PlatformCapabilities, PlatformLimits } from '../../src/contracts/adapter.js';
import { intVar, optionalString, parseEnv } from '../../src/contracts/config/env.js';

// Personal WeChat's pacing. WeChat publishes no limits; accounts that send fast or much get
// restricted, so these are cautious defaults, each changeable by the variable of the same name.

/** Minimum gap between two sends to one room, plus a random 0..jitter on top. */
export const WECHAT_ROOM_GAP_MS = 3000;
export const WECHAT_ROOM_JITTER_MS = 2000;
/** Sends per account per minute and per day. */
export const WECHAT_RATE_PER_MIN = 20;
export const WECHAT_DAILY_CAP = 300;
/** Hour (in PIONEER_TZ) at which rows held back by the daily cap go out the next day. */
export const WECHAT_RESUME_HOUR = 7;
/** Most people one WeChat message mentions (the rest are named in plain text): never mass-mention. */
export const WECHAT_MAX_MENTIONS = 10;
/** Minimum gap between two direct answers in one WeChat chat (answers are not in the outbox). */
export const WECHAT_REPLY_GAP_MS = 1000;
/** Puppet of a gateway when WECHATY_PUPPET is not set (web-WeChat protocol, no extra downloads). */
export const DEFAULT_WECHATY_PUPPET = 'wechaty-puppet-wechat4u';

/** The adapter's environment variables; in the core it runs when WECHATY_PUPPET names a puppet. */
export const wechatyConfigSchema = z.object({
  WECHATY_PUPPET: optionalString,
  WECHAT_ROOM_GAP_MS: intVar(0, WECHAT_ROOM_GAP_MS),
  WECHAT_ROOM_JITTER_MS: intVar(0, WECHAT_ROOM_JITTER_MS),
  WECHAT_RATE_PER_MIN: intVar(1, WECHAT_RATE_PER_MIN),
  WECHAT_DAILY_CAP: intVar(1, WECHAT_DAILY_CAP),
  WECHAT_RESUME_HOUR: z.coerce.number().int().min(0).max(23).default(WECHAT_RESUME_HOUR),
  WECHAT_MAX_MENTIONS: intVar(0, WECHAT_MAX_MENTIONS),
  WECHAT_REPLY_GAP_MS: intVar(0, WECHAT_REPLY_GAP_MS),
});

export type WechatyConfig = z.infer<typeof wechatyConfigSchema>;

/** Parses the WECHAT* variables (tests and benchmarks pass a few, the rest take their defaults). */
export function wechatyConfig(env: Record<string, unknown> = {}): WechatyConfig {
  return parseEnv(wechatyConfigSchema, env);
}

/** How the relay paces WeChat rows: per account per minute and per day, and a gap per room. */
export function wechatyLimits(c: WechatyConfig, timeZone: string): PlatformLimits {
  return {
    app: [{ limit: c.WECHAT_RATE_PER_MIN, windowMs: 60_000 }],
    chatGapMs: c.WECHAT_ROOM_GAP_MS,
    chatJitterMs: c.WECHAT_ROOM_JITTER_MS,
    dailyCap: c.WECHAT_DAILY_CAP,
    dailyResumeHour: c.WECHAT_RESUME_HOUR,
    timeZone,
  };
}

/** What the core knows of personal WeChat, whether or not the adapter runs here. */
export function wechatyCapabilities(c: Pick<WechatyConfig, 'WECHAT_MAX_MENTIONS'>): PlatformCapabilities {
  return {
    label: '微信',
    maxMentions: c.WECHAT_MAX_MENTIONS,
    // Mentioning a whole room from a personal account reads as spam and gets accounts restricted.
    mentionsInBroadcasts: false,
    // WeChat takes no key: a crash between a send and its acknowledgement can send a row twice.
    idempotencyKeyChars: 0,
    // No documented limit; clients fold long texts, and a room's list of names stays readable.
    maxTextChars: 2_000,
  };
}
