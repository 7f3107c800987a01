import { createRegistry } from '../commands/index.js';
import type { CoreDeps } from './command/context.js';
import type { Config } from './config.js';
import type { Store } from './db/store.js';
import { createLogger, type Logger } from './log.js';
import { identityKey } from './services/identity.js';
import { OrgCache } from './services/org-cache.js';
import { systemClock, type Clock } from './time.js';

/** Assembles what every runtime shares: the registry (checked here, once), admins, clock and logs. */
export function createDeps(opts: { config: Config; store: Store; clock?: Clock; log?: Logger }): CoreDeps {
  const admins = new Set(opts.config.PIONEER_ADMINS.map((a) => identityKey(a.platform, a.userId)));
  return {
    config: opts.config,
    store: opts.store,
    clock: opts.clock ?? systemClock,
    log: opts.log ?? createLogger(),
    registry: createRegistry(),
    admins,
    cache: new OrgCache(admins),
  };
}
