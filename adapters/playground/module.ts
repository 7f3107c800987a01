import type { AdapterModule } from '../../src/contracts/adapter.js';
import { playgroundAccess } from './access.js';
import { playgroundAdapter } from './adapter.js';
import { PLAYGROUND_CAPABILITIES, PLAYGROUND_PLATFORM, playgroundConfigSchema } from './config.js';
import type { PlaygroundConfig } from './config.js';

/**
 * The playground as the runtime assembly lists it: a stand-in for real platforms, served only
 * where playgroundAccess (./access.ts) allows, and never in production.
 */
export const playgroundModule: AdapterModule<PlaygroundConfig> = {
  platform: PLAYGROUND_PLATFORM,
  runtimes: ['node', 'worker'],
  simulated: true,
  capabilities: () => PLAYGROUND_CAPABILITIES,
  configSchema: playgroundConfigSchema,
  enabled(c, ctx) {
    const access = playgroundAccess(c, ctx);
    if (!('off' in access)) return true;
    // Said once at start-up, where someone would otherwise look for the page in vain.
    if (!ctx.production && c.PLAYGROUND !== 'off') {
      ctx.log.warn(`the playground is off: ${access.off}; PLAYGROUND=on serves it, behind CORE_TOKEN`);
    }
    return false;
  },
  check(c, ctx) {
    if (c.PLAYGROUND !== 'on') return [];
    if (ctx.production) return ['PLAYGROUND: the playground is never served in production (NODE_ENV=production)'];
    return c.CORE_TOKEN ? [] : ['CORE_TOKEN: required with PLAYGROUND=on (the page asks for it before it sends)'];
  },
  create(c, ctx) {
    const access = playgroundAccess(c, ctx);
    if ('off' in access) throw new Error(`playground created while off: ${access.off}`);
    return playgroundAdapter(undefined, { runtime: ctx.runtime, access });
  },
};
