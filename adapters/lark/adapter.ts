import * as lark from '@larksuiteoapi/node-sdk';
import type { Adapter, CorePort, Defer, PlatformLimits } from '../../src/contracts/adapter.js';
import { createLogger, type Logger } from '../../src/contracts/log.js';
import { BotInfo } from './bot.js';
import { larkLimits } from './config.js';
import { LARK_PLATFORM, LARK_REQUEST_MAX_SKEW_MS } from './constants.js';
import { larkDeliverer } from './deliverer.js';
import { LarkEvents } from './events.js';
import { bodylessGets } from './http.js';
import { NameResolver } from './names.js';
import { larkReceipts } from './receipts.js';
import { sdkLogger } from './sdk-logger.js';
import { BackgroundTasks } from '../../src/contracts/tasks.js';
import { addWebhookRoute } from './webhook.js';
import { startLongConnection } from './ws.js';

export interface LarkAdapterOptions {
  appId: string;
  appSecret: string;
  /** Open API base: https://open.feishu.cn (default), https://open.larksuite.com, or a loopback fake. */
  domain?: string;
  encryptKey?: string;
  verificationToken?: string;
  /** `webhook` (default): callbacks at /webhooks/lark. `ws`: the long connection, Node only. */
  mode?: 'webhook' | 'ws';
  /** Runtime hook for work after the answer (Workers: `(t, c) => c?.executionCtx.waitUntil(t)`). */
  defer?: Defer;
  /** Where logs go until the core is attached; afterwards the core's logger is used. */
  log?: Logger;
  /** Names the bot goes by besides its own (AdapterContext.botNames). */
  botNames?: readonly string[];
  /** The relay's pacing of Lark rows (default: Feishu's documented limits). */
  limits?: PlatformLimits;
  /** Request timestamp window in ms (default LARK_REQUEST_MAX_SKEW_MS). */
  maxRequestSkewMs?: number;
}

/** The Lark adapter, plus a way to wait for its background work (tests, shutdown). */
export interface LarkAdapter extends Adapter {
  deliverer: NonNullable<Adapter['deliverer']>;
  receipts: NonNullable<Adapter['receipts']>;
  limits: PlatformLimits;
  /** Resolves when the work started by every callback so far has finished. */
  settled(): Promise<void>;
}

/** Memory-only token cache, one per adapter (the SDK's default cache is shared by the process). */
function tokenCache(): lark.Cache {
  const values = new Map<string, { value: unknown; until?: number }>();
  const key = (k: string | symbol, ns?: string) => `${ns ?? ''}\u0000${String(k)}`;
  return {
    async set(k, value, until, options) {
      values.set(key(k as string | symbol, options?.namespace), { value, until });
      return true;
    },
    async get(k, options) {
      const hit = values.get(key(k as string | symbol, options?.namespace));
      return hit && (hit.until === undefined || hit.until > Date.now()) ? hit.value : undefined;
    },
  };
}

/** Feishu/Lark: webhook or long connection in, replies and outbox rows out through the Open API. */
export function larkAdapter(opts: LarkAdapterOptions): LarkAdapter {
  let log = opts.log ?? createLogger();
  const logger = sdkLogger(() => log);
  const domain = opts.domain ?? 'https://open.feishu.cn';
  const client = new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain,
    cache: tokenCache(),
    httpInstance: bodylessGets(),
    logger,
    loggerLevel: lark.LoggerLevel.warn,
  });
  const tasks = new BackgroundTasks('lark', () => log, opts.defer);
  let events: LarkEvents | undefined;
  let ws: lark.WSClient | undefined;

  const attach = (port: CorePort): LarkEvents => {
    if (events) return events;
    log = port.log;
    events = new LarkEvents({
      port,
      client,
      appId: opts.appId,
      botNames: opts.botNames ?? [],
      bot: new BotInfo(client, port.clock),
      names: new NameResolver(client, port),
      tasks,
    });
    return events;
  };

  // Inbox events are finished by the events handler, attached once the core's port is known
  // (routes() or start(), both before the runtime drains the inbox).
  const attached = (): LarkEvents => {
    if (!events) throw new Error('lark adapter not attached to the core yet');
    return events;
  };

  return {
    platform: LARK_PLATFORM,
    deliverer: larkDeliverer(client),
    inbox: {
      prepare: (event) => attached().prepare(event),
      files: (message) => attached().files(message),
      respond: (event, outcome) => attached().respond(event, outcome),
    },
    receipts: larkReceipts(client),
    limits: opts.limits ?? larkLimits(),
    routes(app, port) {
      if (opts.mode === 'ws') return;
      if (!opts.encryptKey && !opts.verificationToken) {
        const unset = 'neither LARK_ENCRYPT_KEY nor LARK_VERIFICATION_TOKEN is set';
        port.log.warn(`lark webhook: ${unset}; callbacks cannot be authenticated`);
      }
      addWebhookRoute(app, port, attach(port), {
        appId: opts.appId,
        encryptKey: opts.encryptKey,
        verificationToken: opts.verificationToken,
        maxSkewMs: opts.maxRequestSkewMs ?? LARK_REQUEST_MAX_SKEW_MS,
      });
    },
    async start(port) {
      if (opts.mode !== 'ws') return;
      const { appId, appSecret } = opts;
      ws = await startLongConnection(attach(port), { appId, appSecret, domain, logger, log });
    },
    async stop() {
      ws?.close({ force: true });
      ws = undefined;
      await tasks.settled();
    },
    settled: () => tasks.settled(),
  };
}
