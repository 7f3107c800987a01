import type { Adapter, CorePort, Defer, PlatformLimits } from '../../src/contracts/adapter.js';
import { createLogger, type Logger } from '../../src/contracts/log.js';
import { systemClock, type Clock } from '../../src/contracts/time.js';
import { DingTalkApi } from './api.js';
import { dingtalkLimits, type CustomRobot } from './config.js';
import { DINGTALK_CALLBACK_MAX_SKEW_MS, DINGTALK_PLATFORM, TOPIC_CARD, TOPIC_ROBOT } from './constants.js';
import { dingtalkDeliverer } from './deliverer.js';
import { DingTalkEvents } from './events.js';
import { DingTalkReceipts } from './receipts.js';
import { CustomRobots } from './robots.js';
import { Sender } from './send.js';
import { Sessions } from './sessions.js';
import { StreamClient } from './stream.js';
import { BackgroundTasks } from '../../src/contracts/tasks.js';
import { addWebhookRoute } from './webhook.js';

export interface DingTalkAdapterOptions {
  clientId: string;
  clientSecret: string;
  /** `stream` (Node): the long connection. `webhook`: HTTP callbacks at /webhooks/dingtalk. */
  mode: 'stream' | 'webhook';
  /** Default: the client id (an 企业内部应用's robot code). */
  robotCode?: string;
  cardTemplateId?: string;
  robots?: readonly CustomRobot[];
  apiBase?: string;
  oapiBase?: string;
  defer?: Defer;
  log?: Logger;
  botNames?: readonly string[];
  limits?: PlatformLimits;
  /** The adapter's clock (token expiry, sessionWebhook validity, 加签 timestamps). */
  clock?: Clock;
  /** Stream reconnect backoff (tests shorten it). */
  reconnectMinMs?: number;
}

export interface DingTalkAdapter extends Adapter {
  deliverer: NonNullable<Adapter['deliverer']>;
  limits: PlatformLimits;
  /** Who read the robot API's messages (group read status, direct readStatus), asked by the core. */
  receipts: DingTalkReceipts;
  /** The Stream connection, once started (tests). */
  stream(): StreamClient | undefined;
  /** Resolves when the work started by every callback so far has finished. */
  settled(): Promise<void>;
}

/** DingTalk: Stream or HTTP callbacks in, the robot and card APIs out. */
export function dingtalkAdapter(opts: DingTalkAdapterOptions): DingTalkAdapter {
  let log = opts.log ?? createLogger();
  const clock = opts.clock ?? systemClock;
  const apiBase = opts.apiBase ?? 'https://api.dingtalk.com';
  const oapiBase = opts.oapiBase ?? 'https://oapi.dingtalk.com';
  const robotCode = opts.robotCode ?? opts.clientId;
  const api = new DingTalkApi({ base: apiBase, clientId: opts.clientId, clientSecret: opts.clientSecret, clock });
  const sessions = new Sessions(oapiBase, clock);
  const robots = new CustomRobots(opts.robots ?? [], oapiBase, clock);
  const sender = new Sender({ api, robotCode, sessions, robots });
  const tasks = new BackgroundTasks('dingtalk', () => log, opts.defer);
  // Card presses arrive over Stream only (the card is created with callbackType STREAM).
  const cardTemplateId = opts.mode === 'stream' ? opts.cardTemplateId : undefined;
  let events: DingTalkEvents | undefined;
  let stream: StreamClient | undefined;

  const attach = (port: CorePort): DingTalkEvents => {
    if (events) return events;
    log = port.log;
    events = new DingTalkEvents({ port, api, sender, sessions, robots, botNames: opts.botNames ?? [], tasks });
    return events;
  };
  const attached = (): DingTalkEvents => {
    if (!events) throw new Error('dingtalk adapter not attached to the core yet');
    return events;
  };

  return {
    platform: DINGTALK_PLATFORM,
    deliverer: dingtalkDeliverer({
      api,
      sender,
      robots,
      robotCode,
      log: () => log,
      ...(cardTemplateId ? { cardTemplateId } : {}),
    }),
    limits: opts.limits ?? dingtalkLimits(),
    receipts: new DingTalkReceipts({ api, robotCode, clock }),
    inbox: { respond: (event, outcome) => attached().respond(event, outcome) },
    routes(app, port) {
      const e = attach(port);
      if (opts.mode !== 'webhook') return;
      addWebhookRoute(app, port, e, { secret: opts.clientSecret, maxSkewMs: DINGTALK_CALLBACK_MAX_SKEW_MS });
    },
    async start(port) {
      const e = attach(port);
      if (opts.mode !== 'stream') return;
      stream = new StreamClient({
        apiBase,
        clientId: opts.clientId,
        clientSecret: opts.clientSecret,
        topics: cardTemplateId ? [TOPIC_ROBOT, TOPIC_CARD] : [TOPIC_ROBOT],
        log: () => log,
        ...(opts.reconnectMinMs ? { reconnectMinMs: opts.reconnectMinMs } : {}),
        onCallback: async (topic, data, messageId) => {
          let payload: unknown;
          try {
            payload = JSON.parse(data);
          } catch {
            log.warn('dingtalk stream: callback data is not JSON; acknowledged and ignored', { messageId });
            return null;
          }
          if (topic === TOPIC_ROBOT) await e.message(payload);
          else if (topic === TOPIC_CARD) await e.card(payload, messageId);
          return null;
        },
      });
      if (!(await stream.start())) log.warn('dingtalk stream: first connection failed; retrying in the background');
    },
    async stop() {
      await stream?.stop();
      stream = undefined;
      await tasks.settled();
    },
    stream: () => stream,
    settled: () => tasks.settled(),
  };
}
