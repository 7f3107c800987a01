import { createRegistry } from '../../commands/index.js';
import type { CommandDeps as CoreDeps } from '../command/context.js';
import type { Config } from '../contracts/config/index.js';
import type { Store } from '../contracts/store.js';
import { createLogger, type Logger } from '../contracts/log.js';
import { identityKey } from '../services/org/identity.js';
import { OrgCache } from '../services/org/cache.js';
import { WarningsMemo } from '../services/meetings/warnings.js';
import { systemClock, type Clock } from '../contracts/time.js';

/** Assembles what every runtime shares: the registry (checked here, once), admins, clock and logs. */
export function createDeps(opts: {
  config: Config;
  store: Store;
  clock?: Clock;
  log?: Logger;
  platforms?: CoreDeps['platforms'];
  files?: CoreDeps['files'];
  thumbnails?: CoreDeps['thumbnails'];
  receipts?: CoreDeps['receipts'];
}): CoreDeps {
  const admins = new Set(opts.config.PIONEER_ADMINS.map((a) => identityKey(a.platform, a.userId)));
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger();
  const warnings = new WarningsMemo({
    db: opts.store.db,
    now: () => clock.now(),
    onError: (err) => log.error('absence warnings refresh failed', { err: String(err) }),
  });
  return {
    config: opts.config,
    store: opts.store,
    clock,
    log,
    registry: createRegistry(),
    admins,
    platforms: opts.platforms ?? new Map(),
    receipts: opts.receipts ?? new Map(),
    cache: new OrgCache(admins),
    warnings,
    ...(opts.files ? { files: opts.files } : {}),
    ...(opts.thumbnails ? { thumbnails: opts.thumbnails } : {}),
  };
}
