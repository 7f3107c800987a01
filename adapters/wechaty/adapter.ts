import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WechatyBuilder, type impls, type Wechaty } from 'wechaty';
import type { Adapter, CorePort, Deliverer, PlatformLimits } from '../../src/contracts/adapter.js';
import { createLogger, type Logger } from '../../src/contracts/log.js';
import type { IncomingMessage, Reply } from '../../src/contracts/message.js';
import { systemClock, type Clock } from '../../src/contracts/time.js';
import { wechatyConfig, wechatyLimits, type WechatyConfig } from './config.js';
import { WECHAT_MAX_MESSAGE_AGE_MS, WECHAT_PLATFORM } from './constants.js';
import { wechatyDeliverer } from './deliverer.js';
import { messageFiles, toIncoming } from './inbound.js';
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
  /** The WECHAT_* settings (./config.ts); defaults when absent. */
  config?: WechatyConfig;
  /** The zone the daily cap counts days in (PIONEER_TZ). */
  timeZone?: string;
  log?: Logger;
  /** The adapter's own clock (message age); the core keeps its own. */
  clock?: Clock;
  /** Where the login session is remembered (WECHATY_MEMORY_NAME in production); none in tests. */
  memoryName?: string;
  printQr?: QrPrinter;
  onHandled?: (e: HandledEvent) => void;
}

/** The WeChat adapter: the Wechaty bot and its deliverer. */
export interface WechatyAdapter extends Adapter {
  bot: Wechaty;
  deliverer: Deliverer;
  limits: PlatformLimits;
  start(port: CorePort): Promise<void>;
  /** Resolves once the account is logged in (a gateway's relay leases rows only then). */
  ready(): Promise<void>;
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
 * Builds the WeChat adapter around a Wechaty bot. Messages go to the port it is started with:
 * the core in this process, or (the gateway, src/runtime/gateway.ts) a core elsewhere over
 * HTTP. Outbox rows come from whichever relay runs beside it, through `deliverer`.
 */
export async function createWechatyAdapter(opts: WechatyAdapterOptions): Promise<WechatyAdapter> {
  let log = opts.log ?? createLogger();
  const config = opts.config ?? wechatyConfig();
  const clock = opts.clock ?? systemClock;
  const puppet = typeof opts.puppet === 'string' ? await loadPuppet(opts.puppet) : opts.puppet;
  if (opts.memoryName) mkdirSync(dirname(resolve(opts.memoryName)), { recursive: true });
  const bot = WechatyBuilder.build({ puppet, ...(opts.memoryName ? { name: opts.memoryName } : {}) });
  const deliverer = wechatyDeliverer(bot, { maxMentions: config.WECHAT_MAX_MENTIONS });
  const replies = new ReplyQueue(config.WECHAT_REPLY_GAP_MS);
  const tasks = new Set<Promise<void>>();
  let port: CorePort | undefined;
  let loggedIn: () => void = () => undefined;
  const login = new Promise<void>((r) => (loggedIn = r));

  watchLifecycle(bot, () => log, opts.printQr ?? terminalQr, { onLogin: () => loggedIn() });

  const say = async (r: Reply, incoming: IncomingMessage) => {
    const to = target(r, incoming);
    const max = config.WECHAT_MAX_MENTIONS;
    await replies.run(`${to.kind}:${to.id}`, () =>
      to.kind === 'room' ? sayInRoom(bot, to.id, r.text, r.mentions, max) : sayToContact(bot, to.id, r.text),
    );
  };

  const handle = async (msg: Message): Promise<HandledEvent> => {
    const core = port;
    const age = { now: clock.now().getTime(), maxAgeMs: WECHAT_MAX_MESSAGE_AGE_MS };
    const incoming = core ? await toIncoming(msg, age) : null;
    if (!incoming || !core) return { messageId: msg.id, outcome: 'ignored', replies: 0 };
    const result = await core.handle(incoming, messageFiles(msg));
    for (const r of result.replies) {
      // One reply that cannot go (a direct message to someone who is not the account's friend)
      // must not stop the others.
      await say(r, incoming).catch((err) =>
        log.warn('wechat: reply not sent', { messageId: msg.id, chatId: r.chatId, direct: r.direct ?? false, err }),
      );
    }
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
    limits: wechatyLimits(config, opts.timeZone ?? 'Asia/Shanghai'),
    async start(p) {
      port = p;
      log = p.log;
      // Start failures of the puppet surface as 'error' events (logged); the puppet's watchdog
      // resets it when its heartbeat stops, and a logged-out account is offered a new QR code.
      await bot.start();
    },
    ready: () => (bot.isLoggedIn ? Promise.resolve() : login),
    async stop() {
      await Promise.all([...tasks]);
      await bot.stop().catch((err) => log.warn('wechat: stop failed', { err }));
    },
    async settled() {
      while (tasks.size) await Promise.all([...tasks]);
    },
  };
}
