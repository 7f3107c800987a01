import type { AdapterModule } from '../../src/contracts/adapter.js';
import { playgroundAdapter } from './adapter.js';
import { PLAYGROUND_CAPABILITIES, PLAYGROUND_PLATFORM, playgroundConfigSchema } from './config.js';
import type { PlaygroundConfig } from './config.js';

/** The playground as the runtime assembly lists it: never in production. */
export const playgroundModule: AdapterModule<PlaygroundConfig> = {
  platform: PLAYGROUND_PLATFORM,
  runtimes: ['node', 'worker'],
  capabilities: () => PLAYGROUND_CAPABILITIES,
  configSchema: playgroundConfigSchema,
  enabled: (c) => c.NODE_ENV !== 'production',
  create: (_c, ctx) => playgroundAdapter(undefined, { runtime: ctx.runtime, host: ctx.host, log: ctx.log }),
};
