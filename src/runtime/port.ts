import type { CorePort } from '../contracts/adapter.js';
import type { CommandDeps } from '../command/context.js';
import { Dispatcher } from '../command/dispatch.js';
import { createKeyring } from '../services/crypto.js';
import { displayName } from '../services/org/names.js';
import { bindConfiguredRobots, robotSecret } from '../services/org/robots.js';
import { ActionRunner } from './actions.js';
import { Inbox } from './inbox.js';

/**
 * The core as adapters see it, over this process's deps: messages to the Dispatcher, button
 * presses to the features' action handlers, names from the member registry, platform events to
 * the inbox (src/runtime/inbox.ts), group robots' keys (src/services/org/robots.ts). One per
 * process (or Worker isolate): the dispatcher collapses concurrent copies. The inbox is returned
 * beside the port: the runtime registers the adapters' responders with it and drains it.
 */
export function createPort(deps: CommandDeps): { port: CorePort; inbox: Inbox } {
  const dispatcher = new Dispatcher(deps);
  const actions = new ActionRunner(deps);
  const handle: CorePort['handle'] = (msg, files) => dispatcher.handle(msg, files);
  const act = (action: Parameters<CorePort['act']>[0]) => actions.act(action);
  const keyring = createKeyring(deps.config.PIONEER_DATA_KEY);
  // A bad key is refused by the config; a failure here would only surface when an event is stored.
  keyring.catch(() => undefined);
  const inbox = new Inbox({
    db: deps.store.db,
    clock: deps.clock,
    log: deps.log,
    settings: deps.config,
    keyring,
    core: { handle, act },
  });
  const port: CorePort = {
    clock: deps.clock,
    log: deps.log,
    maxBodyBytes: deps.config.MAX_BODY_BYTES,
    maxFileBytes: deps.config.RECORD_FILE_MAX_BYTES,
    handle,
    act,
    displayName: (platform, userId) => displayName(deps.store.db, platform, userId),
    inbox,
    robots: {
      secret: async (platform, chatId) => robotSecret(deps.store.db, await keyring, platform, chatId),
      bindConfigured: (platform, chats) => bindConfiguredRobots(deps.store.db, platform, chats, deps.clock.now()),
    },
  };
  return { port, inbox };
}
