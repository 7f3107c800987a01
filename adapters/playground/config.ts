import { z } from 'zod';
import type { PlatformCapabilities } from '../../src/contracts/adapter.js';
import { listeningUrl, optionalString, parseEnv, publicUrlVar } from '../../src/contracts/config/env.js';

/** The platform name of the simulated chats (IncomingMessage.platform, outbox rows). */
export const PLAYGROUND_PLATFORM = 'playground';

/** An unset or blank variable reads as unset. */
const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/**
 * The playground's variables. It runs outside production, on this machine only and beside no
 * real platform (./access.ts), unless PLAYGROUND says otherwise: `on` serves it wherever the
 * server is reachable, behind CORE_TOKEN; `off` never. PUBLIC_URL is the one name besides
 * loopback the page may be reached by (unset: the address the bot listens on, HOST and PORT, as the
 * core reads it); CORE_TOKEN is what the page must send when it is `on`.
 */
export const playgroundConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PLAYGROUND: z.preprocess(blankIsUnset, z.enum(['on', 'off']).optional()),
    PUBLIC_URL: publicUrlVar,
    HOST: optionalString,
    PORT: optionalString,
    CORE_TOKEN: optionalString,
  })
  .transform(({ HOST, PORT, ...c }) => ({ ...c, PUBLIC_URL: c.PUBLIC_URL ?? listeningUrl(HOST, PORT) }));

export type PlaygroundConfig = z.infer<typeof playgroundConfigSchema>;

export function playgroundConfig(env: Record<string, unknown> = {}): PlaygroundConfig {
  return parseEnv(playgroundConfigSchema, env);
}

/**
 * The simulated chats: anyone may be mentioned, keys are kept whole (the feed dedupes by them),
 * and a persona has read what reached a chat once they open it (feed.ts).
 */
export const PLAYGROUND_CAPABILITIES: PlatformCapabilities = {
  label: '演示',
  readReceipts: true,
  maxMentions: 100,
  mentionsInBroadcasts: true,
  idempotencyKeyChars: 64,
};
