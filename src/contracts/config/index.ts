import { z } from 'zod';
import {
  configError,
  ConfigError,
  configIssues,
  DEFAULT_PORT,
  listeningUrl,
  optionalString,
  publicUrlVar,
} from './env.js';
import { recordsEnvShape } from './records.js';
import { inboxEnvShape } from './inbox.js';
import { relayEnvShape } from './relay.js';
import { retentionEnvShape } from './retention.js';
import { schedulerEnvShape } from './scheduler.js';
import { gatewayTokensVar, tokenIssues } from './tokens.js';

export { ConfigError };
export { MIN_TOKEN_CHARS, type GatewayToken } from './tokens.js';

/** The web playground's platform name: its personas are administrators only outside production. */
export const PLAYGROUND_PLATFORM = 'playground';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_PORT),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default('file:./data/pioneer.db'),
  DATABASE_AUTH_TOKEN: optionalString,
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  CORE_TOKEN: optionalString,
  /** `platform:token,…`: each gateway's own token, bound to its platform (./tokens.ts). */
  GATEWAY_TOKENS: gatewayTokensVar,
  PIONEER_ADMINS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const out: { platform: string; userId: string }[] = [];
      for (const raw of v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const i = raw.indexOf(':');
        if (i <= 0 || i === raw.length - 1) {
          ctx.addIssue({ code: 'custom', message: `"${raw}" is not platform:userId` });
          return z.NEVER;
        }
        out.push({ platform: raw.slice(0, i), userId: raw.slice(i + 1) });
      }
      return out;
    }),
  PIONEER_DATA_KEY: optionalString.refine(
    (v) => v === undefined || Buffer.from(v, 'base64').length === 32,
    'must be base64 of 32 bytes',
  ),
  PIONEER_TZ: z
    .string()
    .default('Asia/Shanghai')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown time zone'),
  /** Where people's browsers reach the bot (export and sign-in links); unset: HOST and PORT (listeningUrl). */
  PUBLIC_URL: publicUrlVar,
  /** Default check-in window of new meetings: opens this many minutes before the start… */
  CHECKIN_OPENS_BEFORE_MIN: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30),
  /** …and closes this many minutes after it. */
  CHECKIN_CLOSES_AFTER_MIN: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** How long a signed export link (导出) stays valid, in hours. */
  EXPORT_LINK_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  /** Largest accepted request body on /v1/* and webhooks, in bytes. */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  /** The outbox relay (./relay.ts); each platform's pacing is its adapter's (adapters/<name>/config.ts). */
  ...relayEnvShape,
  /** Reminders and the scheduler (./scheduler.ts). */
  ...schedulerEnvShape,
  /** Meeting photos and files (./records.ts). */
  ...recordsEnvShape,
  /** Platform events stored before they are answered (./inbox.ts). */
  ...inboxEnvShape,
  /** How long bookkeeping rows are kept (./retention.ts). */
  ...retentionEnvShape,
});

/** The core's settings; each adapter parses its own variables (adapters/<name>/config.ts). */
export type Config = Omit<z.infer<typeof envSchema>, 'PUBLIC_URL'> & { PUBLIC_URL: string };

/** Parses the environment once; a bad value stops start-up naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw configError(configIssues(parsed.error));
  const cfg: Config = {
    ...parsed.data,
    PUBLIC_URL: parsed.data.PUBLIC_URL ?? listeningUrl(parsed.data.HOST, parsed.data.PORT),
  };
  if (cfg.NODE_ENV === 'production') {
    const issues = tokenIssues(cfg);
    if (!cfg.PIONEER_DATA_KEY) issues.push('PIONEER_DATA_KEY: required in production');
    // The playground's people are whoever opens the page: none of them administers a real organisation.
    const playgroundAdmins = cfg.PIONEER_ADMINS.filter((a) => a.platform === PLAYGROUND_PLATFORM);
    if (playgroundAdmins.length) issues.push(`PIONEER_ADMINS: ${PLAYGROUND_PLATFORM}:* is refused in production`);
    if (issues.length) throw configError(issues);
  }
  if (cfg.NODE_ENV !== 'production' && cfg.PIONEER_ADMINS.length === 0) {
    // The playground's admin persona is an administrator out of the box in development.
    cfg.PIONEER_ADMINS = [{ platform: PLAYGROUND_PLATFORM, userId: 'admin' }];
  }
  return cfg;
}
