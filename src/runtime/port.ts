import type { CorePort } from '../contracts/adapter.js';
import type { CommandDeps } from '../command/context.js';
import { Dispatcher } from '../command/dispatch.js';
import { displayName } from '../services/org/names.js';
import { ActionRunner } from './actions.js';
import { EventClaims } from './claims.js';

/**
 * The core as adapters see it, over this process's deps: messages to the Dispatcher, button
 * presses to the features' action handlers, names from the member registry, event ids claimed in
 * the database. One per process (or Worker isolate): the dispatcher collapses concurrent copies.
 */
export function createPort(deps: CommandDeps): CorePort {
  const dispatcher = new Dispatcher(deps);
  const actions = new ActionRunner(deps);
  const claims = new EventClaims(deps.store.db, deps.log);
  return {
    clock: deps.clock,
    log: deps.log,
    maxBodyBytes: deps.config.MAX_BODY_BYTES,
    maxFileBytes: deps.config.RECORD_FILE_MAX_BYTES,
    handle: (msg, files) => dispatcher.handle(msg, files),
    act: (action) => actions.act(action),
    displayName: (platform, userId) => displayName(deps.store.db, platform, userId),
    claimEvent: (platform, eventId, retentionMs) => claims.claim(platform, eventId, retentionMs, deps.clock.now()),
  };
}
