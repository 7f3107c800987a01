import type { Hono } from 'hono';
import type { CoreDeps } from './command/context.js';
import type { IncomingMessage, MessageResult } from './message.js';

/** The core as adapters see it. */
export interface Core {
  deps: CoreDeps;
  /** Handles one normalized message, once per platform + messageId. */
  handle(msg: IncomingMessage): Promise<MessageResult>;
}

/** A messaging platform (or the playground) plugged into the core by an entry file. */
export interface Adapter {
  platform: string;
  /** Adds the adapter's HTTP routes (webhooks, pages); `app` is the whole Pioneer app. */
  routes?(app: Hono, core: Core): void;
  /** Starts long-lived work (connections, timers); called by the Node entry. */
  start?(core: Core): Promise<void>;
  stop?(): Promise<void>;
}
