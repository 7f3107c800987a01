import { z } from 'zod';
import type { PlatformCapabilities, PlatformLimits } from '../../src/contracts/adapter.js';
import { intVar, optionalString, parseEnv } from '../../src/contracts/config/env.js';
import {
  WECOM_DEFAULT_API_BASE,
  WECOM_DEFAULT_WS_URL,
  WECOM_MAX_MENTIONS,
  WECOM_RATE_PER_MIN,
  WECOM_ROBOT_RATE_PER_MIN,
} from './constants.js';
import { readRobot } from './keys.js';

/** A group robot named in WECOM_GROUP_WEBHOOKS: the unit it sends for, its chat id and key. */
export interface ConfiguredRobot {
  unitName: string;
  chatId: string;
  key: string;
}

/** `unit name=key,…` (a key or the whole webhook URL after the first "="), each entry checked. */
const groupWebhooks = optionalString.transform((v, ctx): ConfiguredRobot[] => {
  const out: ConfiguredRobot[] = [];
  for (const entry of (v ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const at = entry.indexOf('=');
    const unitName = at > 0 ? entry.slice(0, at).trim() : '';
    const robot = at > 0 ? readRobot(entry.slice(at + 1)) : null;
    if (!unitName || !robot) {
      const shown = unitName || entry.slice(0, 20);
      ctx.addIssue({ code: 'custom', message: `"${shown}…" is not "unit name=robot key or webhook URL"` });
      return z.NEVER;
    }
    out.push({ unitName, chatId: robot.chatId, key: robot.secret });
  }
  return out;
});

/** The adapter's environment variables (../shared/CONTRACT.md); on with a bot id and secret or a callback token. */
export const wecomConfigSchema = z.object({
  WECOM_BOT_ID: optionalString,
  WECOM_BOT_SECRET: optionalString,
  WECOM_TOKEN: optionalString,
  WECOM_AES_KEY: optionalString.refine((k) => k === undefined || /^[A-Za-z0-9+/]{43}$/.test(k), {
    message: 'the EncodingAESKey is 43 letters and digits',
  }),
  /** Unset: `ws` on Node, `webhook` on Workers (where no long connection can run). */
  WECOM_MODE: z.enum(['ws', 'webhook']).optional(),
  WECOM_GROUP_WEBHOOKS: groupWebhooks,
  WECOM_WS_URL: z.url().default(WECOM_DEFAULT_WS_URL),
  WECOM_API_BASE: z.url().default(WECOM_DEFAULT_API_BASE),
  WECOM_CHAT_RATE_PER_MIN: intVar(1, WECOM_ROBOT_RATE_PER_MIN),
  WECOM_RATE_PER_MIN: intVar(1, WECOM_RATE_PER_MIN),
});

export type WecomConfig = z.infer<typeof wecomConfigSchema>;

/** Parses the WECOM_* variables (tests pass a few, the rest take their defaults). */
export function wecomConfig(env: Record<string, unknown> = {}): WecomConfig {
  return parseEnv(wecomConfigSchema, env);
}

/**
 * How the relay paces WeCom rows: every chat (a group robot is a chat of its own) at most
 * WECOM_CHAT_RATE_PER_MIN a minute, the documented 20 of a group robot; the bot as a whole at
 * WECOM_RATE_PER_MIN.
 */
export function wecomLimits(c: Pick<WecomConfig, 'WECOM_CHAT_RATE_PER_MIN' | 'WECOM_RATE_PER_MIN'>): PlatformLimits {
  return {
    app: [{ limit: c.WECOM_RATE_PER_MIN, windowMs: 60_000 }],
    chat: [{ limit: c.WECOM_CHAT_RATE_PER_MIN, windowMs: 60_000 }],
  };
}

/** What the core knows of WeCom, whether or not the adapter runs here. */
export const WECOM_CAPABILITIES: PlatformCapabilities = {
  label: '企业微信',
  maxMentions: WECOM_MAX_MENTIONS,
  mentionsInBroadcasts: true,
  // Neither aibot_send_msg nor a group robot takes a dedupe key: the outbox's lease protects.
  idempotencyKeyChars: 0,
  groupRobot: { read: readRobot },
};
