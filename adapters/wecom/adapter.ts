import type { Adapter, CorePort, Defer, PlatformLimits } from '../../src/contracts/adapter.js';
import { createLogger, type Logger } from '../../src/contracts/log.js';
import type { ConfiguredRobot } from './config.js';
import {
  WECOM_DEFAULT_API_BASE,
  WECOM_DEFAULT_WS_URL,
  WECOM_PLATFORM,
  WECOM_HEARTBEAT_MS,
  WECOM_RECONNECT_BASE_MS,
  WECOM_REQUEST_MAX_SKEW_MS,
  WECOM_ROBOT_RATE_PER_MIN,
  WECOM_RATE_PER_MIN,
} from './constants.js';
import { wecomLimits } from './config.js';
import { wecomDeliverer } from './deliverer.js';
import { WecomEvents } from './events.js';
import { AibotLink } from './link.js';
import { BackgroundTasks } from '../../src/contracts/tasks.js';
import { addWebhookRoute } from './webhook.js';

export interface WecomAdapterOptions {
  /** `ws`: the long connection (Node); `webhook`: callbacks at /webhooks/wecom (Node or Workers). */
  mode: 'ws' | 'webhook';
  botId?: string;
  botSecret?: string;
  token?: string;
  aesKey?: string;
  /** Group robots named in WECOM_GROUP_WEBHOOKS. */
  robots?: readonly ConfiguredRobot[];
  wsUrl?: string;
  apiBase?: string;
  reconnectBaseMs?: number;
  heartbeatMs?: number;
  maxRequestSkewMs?: number;
  limits?: PlatformLimits;
  botNames?: readonly string[];
  defer?: Defer;
  /** Where logs go until the core is attached; afterwards the core's logger is used. */
  log?: Logger;
}

/** The WeCom adapter, plus what tests and shutdown wait for. */
export interface WecomAdapter extends Adapter {
  deliverer: NonNullable<Adapter['deliverer']>;
  limits: PlatformLimits;
  /** The long connection, once started (ws mode). */
  link(): AibotLink | undefined;
  /** Resolves when the work started by every callback so far has finished. */
  settled(): Promise<void>;
}

/**
 * WeCom's 智能机器人 in the chats it is in (long connection or URL callbacks), and group robots
 * (群机器人) for the chats it is not in: messages and 收到 presses through the core's inbox,
 * replies on the callback's own channel, outbox rows by aibot_send_msg or a robot's webhook.
 */
export function wecomAdapter(opts: WecomAdapterOptions): WecomAdapter {
  let log = opts.log ?? createLogger();
  const tasks = new BackgroundTasks('wecom', () => log, opts.defer);
  const robots = opts.robots ?? [];
  let port: CorePort | undefined;
  let events: WecomEvents | undefined;
  let link: AibotLink | undefined;
  let configured: Promise<unknown> = Promise.resolve();

  const attach = (p: CorePort): WecomEvents => {
    if (events) return events;
    port = p;
    log = p.log;
    if (opts.mode === 'ws' && opts.botId && opts.botSecret) {
      const linkOpts = {
        botId: opts.botId,
        secret: opts.botSecret,
        wsUrl: opts.wsUrl ?? WECOM_DEFAULT_WS_URL,
        reconnectBaseMs: opts.reconnectBaseMs ?? WECOM_RECONNECT_BASE_MS,
        heartbeatMs: opts.heartbeatMs ?? WECOM_HEARTBEAT_MS,
        log: () => log,
      };
      link = new AibotLink(linkOpts, (body, frame) => {
        tasks.run('wecom frame', () => events!.accept(body, { kind: 'ws', frame }));
      });
    }
    events = new WecomEvents({ port: p, botNames: opts.botNames ?? [], link, tasks });
    if (robots.length) {
      const chats = robots.map((r) => ({ chatId: r.chatId, unitName: r.unitName, chatName: `群机器人 ${r.unitName}` }));
      configured = p.robots.bindConfigured(WECOM_PLATFORM, chats).then(
        (missing) => missing.length && log.warn('WECOM_GROUP_WEBHOOKS: no such unit (yet)', { units: missing }),
        (err: unknown) => log.error('WECOM_GROUP_WEBHOOKS: binding failed', { err }),
      );
    }
    return events;
  };
  const attached = (): WecomEvents => {
    if (!events) throw new Error('wecom adapter not attached to the core yet');
    return events;
  };

  return {
    platform: WECOM_PLATFORM,
    limits:
      opts.limits ??
      wecomLimits({ WECOM_CHAT_RATE_PER_MIN: WECOM_ROBOT_RATE_PER_MIN, WECOM_RATE_PER_MIN: WECOM_RATE_PER_MIN }),
    deliverer: wecomDeliverer({
      link: () => link,
      robots: new Map(robots.map((r) => [r.chatId, r.key])),
      apiBase: opts.apiBase ?? WECOM_DEFAULT_API_BASE,
      port: () => port,
    }),
    inbox: { respond: (event, outcome) => attached().respond(event, outcome) },
    routes(app, p) {
      const ev = attach(p);
      if (opts.mode !== 'webhook') return;
      if (!opts.token || !opts.aesKey) {
        p.log.warn('wecom webhook: WECOM_TOKEN or WECOM_AES_KEY is not set; callbacks are refused');
        return;
      }
      const keys = { token: opts.token, aesKey: opts.aesKey };
      addWebhookRoute(app, p, ev, { ...keys, maxSkewMs: opts.maxRequestSkewMs ?? WECOM_REQUEST_MAX_SKEW_MS });
    },
    async start(p) {
      attach(p);
      link?.connect();
    },
    async ready() {
      await configured;
      await link?.ready();
    },
    async stop() {
      link?.close();
      await tasks.settled();
    },
    link: () => link,
    settled: async () => {
      await configured;
      await tasks.settled();
    },
  };
}
