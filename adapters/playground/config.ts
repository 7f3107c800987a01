import { z } from 'zod';
import type { PlatformCapabilities } from '../../src/contracts/adapter.js';
import { parseEnv } from '../../src/contracts/config/env.js';

/** The platform name of the simulated chats (IncomingMessage.platform, outbox rows). */
export const PLAYGROUND_PLATFORM = 'playground';

/** The playground's one setting: it runs wherever NODE_ENV is not production. */
export const playgroundConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export type PlaygroundConfig = z.infer<typeof playgroundConfigSchema>;

export function playgroundConfig(env: Record<string, unknown> = {}): PlaygroundConfig {
  return parseEnv(playgroundConfigSchema, env);
}

/** The simulated chats: anyone may be mentioned, keys are kept whole (the feed dedupes by them). */
export const PLAYGROUND_CAPABILITIES: PlatformCapabilities = {
  label: '演示',
  maxMentions: 100,
  mentionsInBroadcasts: true,
  idempotencyKeyChars: 64,
};
