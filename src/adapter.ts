import type { Hono } from 'hono';
import type { CoreDeps } from './command/context.js';
import type { IncomingMessage, Mention, MessageResult } from './message.js';

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
  /** Sends this platform's outbox rows, when the adapter can send. */
  deliverer?: Deliverer;
}

/** One outbox row handed to an adapter for sending. */
export interface Outbound {
  id: number;
  chatId: string;
  direct: boolean;
  kind: string;
  ref: string;
  text: string;
  mentions: Mention[];
  payload: unknown;
  /** Stable per (message, chat); give it to the platform as its dedupe key (Lark's uuid). */
  idempotencyKey: string;
}

/** Sends outbox rows of one platform. Throw DeliveryError to have the relay retry or give up. */
export interface Deliverer {
  platform: string;
  deliver(msg: Outbound): Promise<void>;
}
