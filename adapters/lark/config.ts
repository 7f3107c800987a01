import { z } from 'zod';
import type { PlatformCapabilities, PlatformLimits } from '../../src/contracts/adapter.js';
import { intVar, optionalString, parseEnv } from '../../src/contracts/config/env.js';
import { LARK_UUID_MAX_CHARS } from './constants.js';

/**
 * Feishu's sending limits, for the outbox relay's pacing: per app 50 requests/s and 1000/min;
 * per chat 5/s (shared by every bot in it; per user 5/s likewise). Over them: HTTP 429 (or 400)
 * with code 99991400 and `x-ogw-ratelimit-reset` seconds, which the deliverer turns into retryAfterMs.
 */
export const LARK_RATE_PER_SEC = 50;
export const LARK_RATE_PER_MIN = 1000;
export const LARK_CHAT_RATE_PER_SEC = 5;

/** The adapter's environment variables (LARK_*); the adapter runs when the app id and secret are set. */
export const larkConfigSchema = z.object({
  LARK_APP_ID: optionalString,
  LARK_APP_SECRET: optionalString,
  LARK_VERIFICATION_TOKEN: optionalString,
  LARK_ENCRYPT_KEY: optionalString,
  LARK_DOMAIN: z.url().default('https://open.feishu.cn'),
  LARK_MODE: z.enum(['webhook', 'ws']).default('webhook'),
  LARK_RATE_PER_SEC: intVar(1, LARK_RATE_PER_SEC),
  LARK_RATE_PER_MIN: intVar(1, LARK_RATE_PER_MIN),
  LARK_CHAT_RATE_PER_SEC: intVar(1, LARK_CHAT_RATE_PER_SEC),
});

export type LarkConfig = z.infer<typeof larkConfigSchema>;

/** Parses the LARK_* variables (tests and benchmarks pass a few, the rest take their defaults). */
export function larkConfig(env: Record<string, unknown> = {}): LarkConfig {
  return parseEnv(larkConfigSchema, env);
}

type LarkRates = Pick<LarkConfig, 'LARK_RATE_PER_SEC' | 'LARK_RATE_PER_MIN' | 'LARK_CHAT_RATE_PER_SEC'>;

/** How the relay paces Lark rows: the app's windows per second and minute, and each chat's per second. */
export function larkLimits(c: LarkRates = larkConfig()): PlatformLimits {
  return {
    app: [
      { limit: c.LARK_RATE_PER_SEC, windowMs: 1000 },
      { limit: c.LARK_RATE_PER_MIN, windowMs: 60_000 },
    ],
    chat: [{ limit: c.LARK_CHAT_RATE_PER_SEC, windowMs: 1000 }],
  };
}

/** What the core knows of Feishu/Lark, whether or not the adapter runs here. */
export const LARK_CAPABILITIES: PlatformCapabilities = {
  label: '飞书',
  // A text message may @ many people; cards mention inline. No cap of our own beyond the outbox's.
  maxMentions: 100,
  mentionsInBroadcasts: true,
  idempotencyKeyChars: LARK_UUID_MAX_CHARS,
  // A text message's request body may be 150 KB: 30,000 characters are 90 KB of UTF-8, which
  // leaves room for 100 `<at user_id="…">` tags and the JSON around them.
  maxTextChars: 30_000,
  readReceipts: true,
  // 加急 in the app only: SMS and phone 加急 use the tenant's paid quota.
  escalation: ['app'],
  // im.v1.message.delete of the bot's own messages (撤回通知).
  recall: true,
};
