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

/**
 * A platform event that must be answered before the work behind it runs (a Feishu callback gets
 * 3 s; a DingTalk stream frame is re-sent until acknowledged), as the adapter hands it to the
 * core's inbox: the claim of its id and what the core will process, stored in one transaction
 * before the platform is answered (docs/inbox.md).
 */
export interface InboxEvent {
  platform: string;
  /** The platform's id of the delivery (Lark `header.event_id`); a re-delivery carries the same. */
  eventId: string;
  /** What the core processes: a normalized message or a button press. */
  work: InboxWork;
  /**
   * What the adapter needs to answer later, beyond the work itself (the card message to patch, a
   * reply URL…): short strings, stored with the event and handed back to `InboxResponder.respond`.
   */
  context: Readonly<Record<string, string>>;
  /** How long the claim of `eventId` is kept: past the platform's last re-delivery. */
  retentionMs: number;
}

export type InboxWork = { kind: 'message'; message: IncomingMessage } | { kind: 'action'; action: IncomingAction };

/** What the core made of a stored event, handed to the adapter that received it. */
export type InboxOutcome = { kind: 'message'; result: MessageResult } | { kind: 'action'; result: ActionResult };

/**
 * The adapter's half of the inbox: how to finish an event the core processed. The core calls it
 * for events this process received and, after a crash, for events a process received and did not
 * finish (at start, then on a timer; on Workers from the cron job).
 */
export interface InboxResponder {
  /**
   * Fills in what was too slow to look up before answering (a sender's name from the platform's
   * contact API); called before every processing attempt. Absent: the stored work as it is.
   */
  prepare?(event: InboxEvent): Promise<InboxWork>;
  /** Where the core fetches a stored message's attachments from (the platform's resource API). */
  files?(message: IncomingMessage): AttachmentSource | undefined;
  /**
   * Sends the core's outcome: replies to a message, a re-rendered card. A crash after it sent and
   * before the event is marked done makes the core call it again with the same outcome (the
   * stored answer), so each send must carry a platform idempotency key derived from the event
   * (Lark's uuid from the message id and the reply's index). Throwing leaves the event pending: it
   * is tried again after INBOX_LEASE_MS, up to INBOX_MAX_ATTEMPTS times.
   */
  respond(event: InboxEvent, outcome: InboxOutcome): Promise<void>;
}

/** The core's inbox as adapters see it (CorePort.inbox). */
export interface CoreInbox {
  /**
   * Claims `event.eventId` and stores the event, in one transaction: true the first time, false
   * for a re-delivery (answer the platform and do nothing). Resolves only once durably stored, so
   * the adapter answers the platform after it; a rejection means nothing was stored (answer with
   * an error so that the platform delivers again).
   */
  receive(event: InboxEvent): Promise<boolean>;
  /**
   * Processes an event this process just received (after answering the platform): the core's
   * work (once: a repeat gets the stored answer), then the adapter's `respond`, then the event is
   * marked done. Never throws; a failure leaves the event to the inbox's retries.
   */
  process(event: InboxEvent): Promise<void>;
}

/** A send-only chat bound to a unit: the platform's chat id, the unit by name, a name to show. */
export interface RobotChat {
  chatId: string;
  unitName: string;
  chatName: string;
}

/**
 * Send-only group robots (WeCom's 群机器人): chats the bot cannot read and reaches only with a
 * secret key, bound to a unit so that its notices and reminders go there. An officer binds one
 * with `绑定 <组织> 群机器人 <key>` in a direct chat (the key is sealed with PIONEER_DATA_KEY); a
 * deployment may also name them in the adapter's own variables.
 */
export interface CoreRobots {
  /** The key of a robot chat bound by command, opened from its sealed copy; undefined when none. */
  secret(platform: string, chatId: string): Promise<string | undefined>;
  /**
   * Binds robot chats named in the adapter's configuration to their units (the key stays in the
   * environment); a chat already bound is left as it is. Resolves with the unit names not found.
   */
  bindConfigured(platform: string, chats: readonly RobotChat[]): Promise<string[]>;
}

/** The core as adapters see it: messages and actions in, names out, and the inbox for events. */
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
  /** Events that must be answered before they are worked on: stored first, processed once. */
  readonly inbox: CoreInbox;
  /** Send-only group robots bound to units, and their keys. */
  readonly robots: CoreRobots;
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
   * Set on an escalation row: press `userIds` about the delivered message (DingTalk's DING needs
   * no message and sends `text` itself). `chatId` is the chat of that message.
   */
  escalate?: { platformMessageId: string | null; userIds: string[]; channel: EscalationChannel };
  /**
   * Set on a recall row (kind notice.recall, 撤回通知): withdraw the delivered message
   * `platformMessageId` in `chatId` instead of sending anything. `text` is what to show where the
   * platform cannot delete it (a card updated to 「已撤回」).
   */
  recall?: { platformMessageId: string };
  /**
   * Stable per (message, chat); give it to the platform as its dedupe key (Lark's uuid). At most
   * the platform's `idempotencyKeyChars` long; empty for a platform that takes none.
   */
  idempotencyKey: string;
}

/** What a platform said of a message it accepted: its own id, for read receipts and escalation. */
export interface Delivered {
  /** Feishu's message_id; DingTalk's processQueryKey. */
  platformMessageId?: string;
}

/**
 * Sends outbox rows of one platform. Throw DeliveryError to have the relay retry or give up.
 * An escalation row (`Outbound.escalate`) is not a new message: the adapter escalates instead.
 */
export interface Deliverer {
  platform: string;
  deliver(msg: Outbound): Promise<void | Delivered>;
}

/** How a person is pressed beyond a message: in the app (Feishu 加急, DingTalk DING), SMS, phone. */
export type EscalationChannel = 'app' | 'sms' | 'phone';

/** A message the bot delivered, as its platform knows it. */
export interface DeliveredMessage {
  chatId: string;
  direct: boolean;
  platformMessageId: string;
  sentAt: number;
}

/**
 * Who has read what the bot delivered (Feishu `read_users`, DingTalk `groupMessages/query` and
 * `oToMessages/readStatus`). Platforms list readers only, and only for recent messages. The core
 * asks when someone wants to know (未读), never on a timer, and keeps what it learnt.
 */
export interface ReadReceipts {
  /** Oldest message the platform still answers for, in ms since it was sent (both: 7 days). */
  maxAgeMs: number;
  /** User ids (as the adapter's messages carry them) of those who have read the message. */
  readers(message: DeliveredMessage): Promise<string[]>;
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
  /**
   * Longest text the core hands over for one message, in characters, leaving room for the
   * adapter's own markup of maxMentions mentions; longer lists are split. Unset: DEFAULT_MAX_TEXT_CHARS.
   */
  maxTextChars?: number;
  /** Send-only group robots an officer may bind (`绑定 <组织> 群机器人 <key>`); absent: none. */
  groupRobot?: GroupRobotCapability;
  /** Whether the platform can tell who read a message the bot sent (the adapter's ReadReceipts). */
  readReceipts?: boolean;
  /** The escalation channels its deliverer handles (none when absent). */
  escalation?: readonly EscalationChannel[];
  /**
   * Whether its deliverer can withdraw a delivered message (Outbound.recall); elsewhere 撤回通知
   * posts 「通知 #N 已撤回」 in the chats instead.
   */
  recall?: boolean;
}

/** How a platform's group robots are bound: what an officer pastes, read without any I/O. */
export interface GroupRobotCapability {
  /**
   * The chat id to bind and the key to seal, from what was pasted (the key or the whole webhook
   * URL); null when it is neither. The chat id must not reveal the key (it is shown and logged).
   */
  read(input: string): { chatId: string; secret: string } | null;
}

/** Message size for a platform that does not say (a screenful of names, well under every known limit). */
export const DEFAULT_MAX_TEXT_CHARS = 4000;

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
  /** Finishes this platform's inbox events (an adapter that answers before working). */
  inbox?: InboxResponder;
  /** Who read the messages it delivered, when the platform tells (asked by the core). */
  receipts?: ReadReceipts;
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
