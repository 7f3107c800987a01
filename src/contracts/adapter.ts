import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { AttachmentSource } from './files.js';
import type { Logger } from './log.js';
import { incomingMessageSchema, type IncomingMessage, type Mention, type MessageResult } from './message.js';
import type { Clock } from './time.js';

// The port between the core and every messaging platform (and the playground). An adapter turns
// platform events into IncomingMessages and actions, hands them to the CorePort, and sends what
// the outbox gives it; it never reads the core's tables or configuration. The runtime assembly
// (src/runtime/assemble.ts) lists the AdapterModules; each one is a folder under adapters/.

/** What a person can do by pressing something the bot sent; one entry per kind of button. */
export type Action =
  | { type: 'notice.ack'; noticeId: number }
  /** The 主持人's 确认 of version `version` of a meeting's minutes. */
  | { type: 'minutes.confirm'; meetingId: number; version: number };

const positive = z.number().int().positive().max(1e15);

/** An Action as it travels in an outbox row's payload or a button's value (checked, never trusted). */
export const actionSchema: z.ZodType<Action> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('notice.ack'), noticeId: positive }),
  z.object({ type: z.literal('minutes.confirm'), meetingId: positive, version: positive }),
]);

/** A button on a message the bot sends: its label, and what pressing it means. */
export interface OutboundButton {
  label: string;
  action: Action;
}

/**
 * A person pressed a button on something the bot sent (a notice card's 收到). The answer is shown
 * to that person alone (a toast), so unlike a message it carries no chat type: the group-chat
 * rule "say nothing unless it is a command" has nothing to guard.
 */
export interface IncomingAction {
  platform: string;
  /** The chat the button was pressed in. */
  chatId: string;
  userId: string;
  userName?: string;
  /** Stable per press target and person (e.g. card message id + user): a repeat changes nothing. */
  actionId: string;
  action: Action;
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
  /** Largest file (a meeting photo) the core takes, in bytes: upload routes allow this much. */
  readonly maxFileBytes: number;
  /**
   * Handles one normalized message, once per platform + messageId from the same sender and chat.
   * `files` fetches the message's attachments through the adapter that received it; the core asks
   * only for those it keeps (a photo in a meeting's group during its window), never a platform.
   */
  handle(msg: IncomingMessage, files?: AttachmentSource): Promise<MessageResult>;
  /** Handles a button press, once per platform + actionId (a repeat gets the first answer). */
  act(action: IncomingAction): Promise<ActionResult>;
  /** The name the member registry knows for a platform account (events often carry ids only). */
  displayName(platform: string, userId: string): Promise<string | undefined>;
  /** True the first time (platform, eventId) is seen; the id is kept for at least `retentionMs`. */
  claimEvent(platform: string, eventId: string, retentionMs: number): Promise<boolean>;
}

/**
 * True for `application/json` (parameters such as charset allowed), the one body type the message
 * routes take: a browser sends it cross-site only after a CORS preflight, which nothing answers,
 * so a page elsewhere cannot post a message with a form or a `text/plain` fetch.
 */
export function isJsonContentType(header: string | undefined): boolean {
  return (header ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** A request body read as an IncomingMessage, or why not (`field` names what is wrong). */
export type IncomingRead = { ok: true; msg: IncomingMessage } | { ok: false; error: string; field?: string };

/** The one check of a message body: POST /v1/messages and adapters that take JSON (the playground). */
export function readIncoming(raw: string): IncomingRead {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'body is not valid JSON' };
  }
  const parsed = incomingMessageSchema.safeParse(body);
  if (parsed.success) return { ok: true, msg: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.') || '(body)';
  return { ok: false, error: `${field}: ${issue.message}`, field };
}

/** A notice an outbound message belongs to: the notice itself, or a chase of it. */
export interface NoticeRef {
  id: number;
  title: string | null;
}

/** One outbox row handed to an adapter for sending (mapped by `toOutbound` in src/outbox). */
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
  /** A button to show where the platform has them (a Feishu card); elsewhere the text says what to type. */
  button?: OutboundButton;
  /**
   * Stable per (message, chat); give it to the platform as its dedupe key (Lark's uuid). At most
   * the platform's `idempotencyKeyChars` long; empty for a platform that takes none.
   */
  idempotencyKey: string;
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
   * cannot make a full window look like one too many. Unset: the relay's RELAY_RATE_MARGIN_MS.
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

/** Hands work that must outlive an HTTP answer to the runtime (Workers: `c.executionCtx.waitUntil`). */
export type Defer = (task: Promise<unknown>, c?: Context) => void;

/** What the runtime gives an adapter when it builds it. */
export interface AdapterContext {
  runtime: AdapterRuntime;
  log: Logger;
  /** The adapter's own clock (message ages, pacing); the core keeps its own (CorePort.clock). */
  clock: Clock;
  /** The organisation's default zone (daily caps reset at its midnight). */
  timeZone: string;
  production: boolean;
  /** The interface the HTTP server listens on (Node); unset where the platform decides (Workers). */
  host?: string;
  /** Names people address the bot by ("@先锋助手 签到"), for platforms that mention by name. */
  botNames: readonly string[];
  /** Runs work after an HTTP answer (Workers); unset on Node, where promises simply run. */
  defer?: Defer;
  /**
   * The real platforms whose variables turn them on here; given to simulated modules only (the
   * playground stays off beside a real platform unless told otherwise).
   */
  realPlatforms?: readonly string[];
}

/** A messaging platform (or the playground) plugged into the core. */
export interface Adapter {
  platform: string;
  /** Pacing the outbox relay applies to this platform's rows; none when absent. */
  limits?: PlatformLimits;
  /** Adds the adapter's HTTP routes (webhooks, pages). */
  routes?(app: Hono, port: CorePort): void;
  /**
   * Paths of its routes that take a file as the body (the playground's photo upload): the app lets
   * them carry up to CorePort.maxFileBytes instead of MAX_BODY_BYTES.
   */
  uploadPaths?: readonly string[];
  /** Starts long-lived work (connections, timers); Node and gateway processes only. */
  start?(port: CorePort): Promise<void>;
  /**
   * Resolves once the adapter can send (a WeChat login): a relay that leases rows from elsewhere
   * starts then, instead of claiming rows it would only hand back. Absent: it can send at once.
   */
  ready?(): Promise<void>;
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
  /** Where the adapter can run at all; elsewhere it is not built, whatever its variables say. */
  runtimes: readonly AdapterRuntime[];
  /** A function of the config: some are settings (WeChat's WECHAT_MAX_MENTIONS). */
  capabilities(config: C): PlatformCapabilities;
  /** The adapter's variables; parsing fails naming the variable, like the core's config. */
  configSchema: z.ZodType<C>;
  /**
   * A stand-in for real platforms (the playground): asked whether it is on after every real
   * module, with their platforms in `ctx.realPlatforms`.
   */
  simulated?: boolean;
  /** Whether the parsed variables turn the adapter on (asked once per assembly). */
  enabled(config: C, ctx: AdapterContext): boolean;
  /**
   * Refusals at start-up of an enabled module (a long connection on Workers, production without
   * callback authentication); each names its variables. The assembly lists them all in one error.
   */
  check?(config: C, ctx: AdapterContext): string[];
  create(config: C, ctx: AdapterContext): Adapter | Promise<Adapter>;
}
