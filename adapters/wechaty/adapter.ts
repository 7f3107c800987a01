import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WechatyBuilder, type impls, type Wechaty } from 'wechaty';
import type { Adapter, Core, Deliverer } from '../../src/contracts/adapter.js';
import { Relay, type RelayOptions } from '../../src/outbox/relay.js';
import { defaultRelaySettings, platformLimits, type RelaySettings } from '../../src/contracts/config/relay.js';
import { remoteCore, type MessageHandler } from '../../src/runtime/gateway/remote-core.js';
import { remoteRowStore } from '../../src/outbox/remote-rows.js';
import { createLogger, type Logger } from '../../src/contracts/log.js';
import type { IncomingMessage, Reply } from '../../src/contracts/message.js';
import { systemClock, type Clock } from '../../src/contracts/time.js';
import { WECHAT_MAX_MESSAGE_AGE_MS, WECHAT_PLATFORM } from './constants.js';
import { wechatyDeliverer } from './deliverer.js';
import { toIncoming } from './inbound.js';
import { terminalQr, watchLifecycle, type QrPrinter } from './lifecycle.js';
import { loadPuppet, type WechatyPuppet } from './puppet.js';
import { ReplyQueue } from './reply-queue.js';
import { sayInRoom, sayToContact } from './send.js';

type Message = impls.MessageInterface;

/** What became of one incoming message (logged; tests wait for it). */
export interface HandledEvent {
  messageId: string;
  outcome: 'ignored' | 'answered' | 'failed';
  replies: number;
}

export interface WechatyAdapterOptions {
  /** A puppet instance (tests inject wechaty-puppet-mock), or the npm name of one (WECHATY_PUPPET). */
  puppet: WechatyPuppet | string;
  /** The core in this process. Or, for a gateway, `coreUrl` + `token` of a core that runs elsewhere. */
  core?: MessageHandler;
  coreUrl?: string;
  token?: string;
  /** Pacing: WECHAT_* and, in gateway mode, the relay's settings. */
  settings?: RelaySettings;
  /** Gateway mode: overrides for the relay that takes rows from the core (tests: owner, limits…). */
  relay?: Partial<RelayOptions>;
  log?: Logger;
  /** The adapter's own clock (message age, gateway pacing); the core keeps its own. */
  clock?: Clock;
  /** Where the login session is remembered (WECHATY_MEMORY_NAME in production); none in tests. */
  memoryName?: string;
  printQr?: QrPrinter;
  onHandled?: (e: HandledEvent) => void;
}

/** The WeChat adapter: the Wechaty bot, its deliverer and (gateway mode) its relay. */
export interface WechatyAdapter extends Adapter {
  bot: Wechaty;
  deliverer: Deliverer;
  /** Gateway mode only: the relay that leases this platform's outbox rows from the remote core. */
  relay?: Relay;
  start(core?: Core): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when every message received so far has been handled and answered. */
  settled(): Promise<void>;
}

/** Where each reply goes: the conversation it answers, a person directly, or another room. */
function target(r: Reply, incoming: IncomingMessage): { kind: 'room' | 'contact'; id: string } {
  if (r.direct) return { kind: 'contact', id: r.chatId };
  if (r.chatId === incoming.chatId) return { kind: incoming.chatType === 'group' ? 'room' : 'contact', id: r.chatId };
  return { kind: 'room', id: r.chatId };
}

/**
 * Builds the WeChat adapter around a Wechaty bot. In-process (`core`, or the core handed to
 * start()) the node entry's relay delivers outbox rows through `deliverer`. As a gateway
 * (`coreUrl` + `token`) messages go to the remote core's /v1/messages and a Relay over the core's
 * outbox routes delivers its 'wechat' rows, paced here with the same limits.
 */
export async function createWechatyAdapter(opts: WechatyAdapterOptions): Promise<WechatyAdapter> {
  let log = opts.log ?? createLogger();
  const settings = opts.settings ?? defaultRelaySettings();
  const clock = opts.clock ?? systemClock;
  const puppet = typeof opts.puppet === 'string' ? await loadPuppet(opts.puppet) : opts.puppet;
  if (opts.memoryName) mkdirSync(dirname(resolve(opts.memoryName)), { recursive: true });
  const bot = WechatyBuilder.build({ puppet, ...(opts.memoryName ? { name: opts.memoryName } : {}) });
  const deliverer = wechatyDeliverer(bot, { maxMentions: settings.WECHAT_MAX_MENTIONS });
  const replies = new ReplyQueue(settings.WECHAT_REPLY_GAP_MS);
  const tasks = new Set<Promise<void>>();
  const gateway = opts.coreUrl !== undefined;
  if (gateway && !opts.token) throw new Error('gateway mode needs the core token (CORE_TOKEN)');
  const endpoint = gateway ? { url: opts.coreUrl!, token: opts.token! } : undefined;
  const relay = endpoint
    ? new Relay({
        rows: remoteRowStore(endpoint),
        deliverers: [deliverer],
        settings,
        limits: platformLimits(settings),
        clock,
        log,
        owner: `wechat-gateway-${crypto.randomUUID().slice(0, 8)}`,
        ...opts.relay,
      })
    : undefined;
  let handler: MessageHandler | undefined = opts.core ?? (endpoint ? remoteCore(endpoint) : undefined);

  watchLifecycle(bot, () => log, opts.printQr ?? terminalQr, {
    // A gateway leases rows only while it can send them.
    onLogin: () => relay?.start(),
  });

  const say = async (r: Reply, incoming: IncomingMessage) => {
    const to = target(r, incoming);
    await replies.run(`${to.kind}:${to.id}`, () =>
      to.kind === 'room' ? sayInRoom(bot, to.id, r.text, r.mentions, settings.WECHAT_MAX_MENTIONS) : sayToContact(bot, to.id, r.text),
    );
  };

  const handle = async (msg: Message): Promise<HandledEvent> => {
    const incoming = handler ? await toIncoming(msg, { now: clock.now().getTime(), maxAgeMs: WECHAT_MAX_MESSAGE_AGE_MS }) : null;
    if (!incoming || !handler) return { messageId: msg.id, outcome: 'ignored', replies: 0 };
    const result = await handler.handle(incoming);
    for (const r of result.replies) {
      // One reply that cannot go (a direct message to someone who is not the account's friend)
      // must not stop the others.
      await say(r, incoming).catch((err) => log.warn('wechat: reply not sent', { messageId: msg.id, chatId: r.chatId, direct: r.direct ?? false, err }));
    }
    if (result.replies.length) relay?.kick();
    return { messageId: msg.id, outcome: 'answered', replies: result.replies.length };
  };

  bot.on('message', (msg) => {
    const task = handle(msg)
      .catch((err): HandledEvent => {
        log.error('wechat: message failed', { messageId: msg.id, err });
        return { messageId: msg.id, outcome: 'failed', replies: 0 };
      })
      .then((e) => opts.onHandled?.(e));
    tasks.add(task);
    void task.finally(() => tasks.delete(task));
  });

  return {
    platform: WECHAT_PLATFORM,
    bot,
    deliverer,
    relay,
    async start(core?: Core) {
      if (core) log = core.deps.log;
      handler ??= core;
      if (!handler) throw new Error('the WeChat adapter needs a core: pass `core`, or `coreUrl` and `token`');
      // Start failures of the puppet surface as 'error' events (logged); the puppet's watchdog
      // resets it when its heartbeat stops, and a logged-out account is offered a new QR code.
      await bot.start();
    },
    async stop() {
      await relay?.stop();
      await Promise.all([...tasks]);
      await bot.stop().catch((err) => log.warn('wechat: stop failed', { err }));
    },
    async settled() {
      while (tasks.size) await Promise.all([...tasks]);
    },
  };
}
