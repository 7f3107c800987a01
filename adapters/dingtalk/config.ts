import { z } from 'zod';
import type { PlatformCapabilities, PlatformLimits } from '../../src/contracts/adapter.js';
import { intVar, optionalString, parseEnv } from '../../src/contracts/config/env.js';
import { DINGTALK_TRACK_ID_MAX_CHARS } from './constants.js';

/**
 * Pacing. DingTalk blocks a custom group robot for 10 minutes once it sent more than 20 messages
 * in a minute; the same 20 per minute is applied to every DingTalk chat (a group hears no more
 * than that from the bot in any case). Per app: the new server APIs (api.dingtalk.com) throttle
 * each app per API at a default 20 requests/s, answered with HTTP 403/429 and a QpsLimit code.
 */
export const DINGTALK_RATE_PER_SEC = 20;
export const DINGTALK_CHAT_RATE_PER_MIN = 20;

/** One custom group robot (自定义机器人, 加签): the chat name people know it by, its token and secret. */
export interface CustomRobot {
  name: string;
  accessToken: string;
  secret?: string;
}

const ROBOT_NAME = /^[^=,:\s][^=,:]{0,63}$/;

/** `名称=access_token:SEC…,…` → robots; a malformed entry is refused naming it. */
const robotsVar = optionalString.transform((raw, ctx): CustomRobot[] => {
  if (!raw) return [];
  const robots: CustomRobot[] = [];
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const m = /^([^=]+)=([A-Za-z0-9]{16,128})(?::(SEC[A-Za-z0-9]{16,128}))?$/.exec(entry);
    const name = m?.[1]!.trim();
    if (!m || !name || !ROBOT_NAME.test(name)) {
      ctx.addIssue({ code: 'custom', message: `expected 名称=access_token[:SEC…], got "${entry.slice(0, 40)}"` });
      return z.NEVER;
    }
    if (robots.some((r) => r.name === name)) {
      ctx.addIssue({ code: 'custom', message: `robot name "${name}" given twice` });
      return z.NEVER;
    }
    // One robot is one group: a token under two names would make two chats of the relay's
    // per-chat pacing, and the robot would take twice the 20 a minute it allows.
    const twin = robots.find((r) => r.accessToken === m[2]);
    if (twin) {
      ctx.addIssue({ code: 'custom', message: `robot "${name}" has the access_token of "${twin.name}"` });
      return z.NEVER;
    }
    robots.push({ name, accessToken: m[2]!, ...(m[3] ? { secret: m[3] } : {}) });
  }
  return robots;
});

/** The adapter's environment variables (DINGTALK_*); it runs when the client id and secret are set. */
export const dingtalkConfigSchema = z.object({
  DINGTALK_CLIENT_ID: optionalString,
  DINGTALK_CLIENT_SECRET: optionalString,
  /** Unset: `stream` on Node, `webhook` on Workers. */
  DINGTALK_MODE: z.enum(['stream', 'webhook']).optional(),
  /** The app robot's code; for an 企业内部应用 robot it is the client id (AppKey). */
  DINGTALK_ROBOT_CODE: optionalString,
  /** A card template (卡片平台) for notices with a 收到 button; unset: notices are markdown. */
  DINGTALK_CARD_TEMPLATE_ID: optionalString,
  DINGTALK_GROUP_ROBOTS: robotsVar,
  /** API bases: the new server API and the old one (custom robots, sessionWebhooks); loopback in tests. */
  DINGTALK_API_BASE: z.url().default('https://api.dingtalk.com'),
  DINGTALK_OAPI_BASE: z.url().default('https://oapi.dingtalk.com'),
  DINGTALK_RATE_PER_SEC: intVar(1, DINGTALK_RATE_PER_SEC),
  DINGTALK_CHAT_RATE_PER_MIN: intVar(1, DINGTALK_CHAT_RATE_PER_MIN).pipe(z.number().max(DINGTALK_CHAT_RATE_PER_MIN)),
});

export type DingTalkConfig = z.infer<typeof dingtalkConfigSchema>;

/** Parses the DINGTALK_* variables (tests pass a few, the rest take their defaults). */
export function dingtalkConfig(env: Record<string, unknown> = {}): DingTalkConfig {
  return parseEnv(dingtalkConfigSchema, env);
}

type Rates = Pick<DingTalkConfig, 'DINGTALK_RATE_PER_SEC' | 'DINGTALK_CHAT_RATE_PER_MIN'>;

/** How the relay paces DingTalk rows: the app per second, each chat (and custom robot) per minute. */
export function dingtalkLimits(c: Rates = dingtalkConfig()): PlatformLimits {
  return {
    app: [{ limit: c.DINGTALK_RATE_PER_SEC, windowMs: 1000 }],
    chat: [{ limit: c.DINGTALK_CHAT_RATE_PER_MIN, windowMs: 60_000 }],
  };
}

/** What the core knows of DingTalk, whether or not the adapter runs here. */
export const DINGTALK_CAPABILITIES: PlatformCapabilities = {
  label: '钉钉',
  // atUserIds takes a list; DingTalk documents no cap, the outbox's own caps apply.
  maxMentions: 100,
  mentionsInBroadcasts: true,
  // Cards take the key as their outTrackId (a second create with it is refused); robot
  // messages take none, and the outbox lease protects them.
  idempotencyKeyChars: DINGTALK_TRACK_ID_MAX_CHARS,
  // groupMessages/query and oToMessages/readStatus of the robot API's messages (receipts.ts).
  readReceipts: true,
  // DING (ding.ts): remindType 1 in the app, 2 SMS, 3 phone; SMS and phone cost the organisation.
  escalation: ['app', 'sms', 'phone'],
};
