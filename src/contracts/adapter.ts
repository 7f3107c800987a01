import type { Hono } from 'hono';
import type { z } from 'zod';
import type { Logger } from './log.js';
import type { IncomingMessage, Mention, MessageResult } from './message.js';
import type { Clock } from './time.js';

// The port between the core and every messaging platform (and the playground). An adapter turns
// platform events into IncomingMessages and actions, hands them to the CorePort, and sends what
// the outbox gives it; it never reads the core's tables or configuration. The runtime assembly
// (src/runtime/assemble.ts) lists the AdapterModules; each one is a folder under adapters/.

/** A person pressed a button on something the bot sent (a notice card's 收到). */
export interface IncomingAction {
  platform: string;
  /** The chat the button was pressed in, and whether it is a group. */
  chatId: string;
  chatType: 'group' | 'direct';
  userId: string;
  userName?: string;
  /** Stable per press target and person (e.g. card message id + user): a repeat changes nothing. */
  actionId: string;
  action: { type: 'notice.ack'; noticeId: number };
}

/** How many of those a notice expects have confirmed it. */
export interface Confirmations {
  confirmed: number;
  total: number;
}

/** What a notice looks like when an adapter renders or re-renders it (a card with a count). */
export interface NoticeView {
  id: number;
  title: string | null;
  /** The delivered text (the adapter may render the title and body its own way). */
  text: string;
  confirmations: Confirmations | null;
}

/** The answer to an action: a short text for the person (a toast), and the notice to re-render. */
export interface ActionResult {
  text: string;
  notice?: NoticeView;
}

/** The core as adapters see it: messages and actions in, names and event claims out. */
export interface CorePort {
  readonly clock: Clock;
  readonly log: Logger;
  /** Largest request body the core accepts, in bytes (webhooks read raw bodies themselves). */
  readonly maxBodyBytes: number;
  /** Handles one normalized message, once per platform + messageId from the same sender and chat. */
  handle(msg: IncomingMessage): Promise<MessageResult>;
  /** Handles a button press. */
  act(action: IncomingAction): Promise<ActionResult>;
  /** The name the member registry knows for a platform account (events often carry ids only). */
  displayName(platform: string, userId: string): Promise<string | undefined>;
  /** True the first time (platform, eventId) is seen; the id is kept for at least `retentionMs`. */
  claimEvent(platform: string, eventId: string, retentionMs: number): Promise<boolean>;
}

/** A notice an outbound message belongs to: the notice itself, or a chase of it. */
export interface NoticeRef {
  id: number;
  title: string | null;
}

/** One outbox row handed to an adapter for sending. */
export interface Outbound {
  id: number;
  chatId: string;
  direct: boolean;
  /** What caused it: 'notice', 'notice.chase', 'reminder', 'meeting.cancel', … */
  kind: string;
  ref: string;
  text: string;
  mentions: Mention[];
  /** Set for a notice and for its chases. */
  notice?: NoticeRef;
  /** Stable per (message, chat); give it to the platform as its dedupe key (Lark's uuid). */
  idempotencyKey: string;
  /** @deprecated Transitional: the row's JSON payload, until every adapter reads `notice`. */
  payload?: unknown;
}

/** @deprecated Transitional (restructure in progress): the old adapter view of the core. */
export interface Core {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  deps: any;
  handle(msg: IncomingMessage): Promise<MessageResult>;
}

/** Sends outbox rows of one platform. Throw DeliveryError to have the relay retry or give up. */
export interface Deliverer {
  platform: string;
  deliver(msg: Outbound): Promise<void>;
}

/** "At most `limit` sends in any `windowMs` milliseconds." */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** The pacing rules of one platform, declared by its adapter; every field is optional. */
export interface PlatformLimits {
  /** Per app / bot account, across all chats. */
  app?: RateWindow[];
  /** Per chat (or per user, for direct messages). */
  chat?: RateWindow[];
  /** Minimum gap between two sends to one chat, plus a random 0..chatJitterMs on top. */
  chatGapMs?: number;
  chatJitterMs?: number;
  /** Sends per app per calendar day in `timeZone`; once reached, rows wait for the next day. */
  dailyCap?: number;
  timeZone?: string;
  /** Hour of the next day at which capped rows resume (people should not be woken at midnight). */
  dailyResumeHour?: number;
  /**
   * Added to every window, so that network jitter between our clock and the platform's counter
   * cannot make a full window look like one too many.
   */
  marginMs?: number;
}

/** What the core needs to know of a platform, whether or not its adapter runs in this process. */
export interface PlatformCapabilities {
  /** How people call the platform in a sentence (飞书, 微信). */
  label: string;
  /** Most people one message may @-mention; the rest are named in plain text. */
  maxMentions: number;
  /** Whether broadcast messages (reminders) may @-mention people at all (personal WeChat must not). */
  mentionsInBroadcasts: boolean;
  /** Longest idempotency key the platform accepts with a send (0: none; the outbox lease protects). */
  idempotencyKeyChars: number;
}

/** Where an adapter runs: Node (long connections allowed), a Worker isolate, or a gateway process. */
export type AdapterRuntime = 'node' | 'worker' | 'gateway';

/** What the runtime gives an adapter when it builds it. */
export interface AdapterContext {
  runtime: AdapterRuntime;
  log: Logger;
  clock: Clock;
  /** The organisation's default zone (daily caps reset at its midnight). */
  timeZone: string;
  production: boolean;
  /** Runs work after an HTTP answer (Workers: ctx.waitUntil); unset on Node, where promises simply run. */
  defer?: (task: Promise<unknown>, request?: unknown) => void;
}

/** A messaging platform (or the playground) plugged into the core. */
export interface Adapter {
  platform: string;
  /** Pacing the outbox relay applies to this platform's rows; none when absent. */
  limits?: PlatformLimits;
  /** Adds the adapter's HTTP routes (webhooks, pages). */
  routes?(app: Hono, port: Core): void;
  /** Starts long-lived work (connections, timers); Node and gateway processes only. */
  start?(port?: Core): Promise<void>;
  stop?(): Promise<void>;
  /** Sends this platform's outbox rows, when the adapter can send. */
  deliverer?: Deliverer;
}

/**
 * One platform as the runtime assembly lists it: its name and capabilities (known even where the
 * adapter does not run), its own environment variables, and how to build it.
 */
export interface AdapterModule<C = unknown> {
  platform: string;
  capabilities: PlatformCapabilities;
  /** The adapter's variables; parsing fails naming the variable, like the core's config. */
  configSchema: z.ZodType<C>;
  /** Whether the parsed variables turn the adapter on. */
  enabled(config: C, ctx: AdapterContext): boolean;
  /** Refusals at start-up (e.g. production without callback authentication); each names its variables. */
  check?(config: C, ctx: AdapterContext): string[];
  create(config: C, ctx: AdapterContext): Adapter | Promise<Adapter>;
}
