import * as lark from '@larksuiteoapi/node-sdk';
import type { Adapter, Core } from '../../src/contracts/adapter.js';
import type { Config } from '../../src/contracts/config/index.js';
import { createLogger, type Logger } from '../../src/contracts/log.js';
import { BotInfo } from './bot.js';
import type { ConfirmationsHook } from './card-action.js';
import { LARK_EVENT_PRUNE_INTERVAL_MS, LARK_EVENT_RETENTION_MS, LARK_PLATFORM, LARK_REQUEST_MAX_SKEW_MS } from './constants.js';
import { EventDedupe } from './dedupe.js';
import { larkDeliverer } from './deliverer.js';
import { LarkEvents } from './events.js';
import { bodylessGets } from './http.js';
import { NameResolver } from './names.js';
import { sdkLogger } from './sdk-logger.js';
import { BackgroundTasks, type Defer } from './tasks.js';
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
  /** Counts a notice's confirmations for the card; default: read from the core's answer. */
  confirmations?: ConfirmationsHook;
  /** Where logs go until the core is attached; afterwards the core's logger is used. */
  log?: Logger;
  /** Request timestamp window in ms (default LARK_REQUEST_MAX_SKEW_MS). */
  maxRequestSkewMs?: number;
}

/** The Lark adapter, plus a way to wait for its background work (tests, shutdown). */
export interface LarkAdapter extends Adapter {
  deliverer: NonNullable<Adapter['deliverer']>;
  /** Resolves when the work started by every callback so far has finished. */
  settled(): Promise<void>;
}

/** Adapter options from the parsed environment (LARK_*), or null when the adapter is not configured. */
export function larkOptionsFromConfig(config: Config): LarkAdapterOptions | null {
  if (!config.LARK_APP_ID || !config.LARK_APP_SECRET) return null;
  return {
    appId: config.LARK_APP_ID,
    appSecret: config.LARK_APP_SECRET,
    domain: config.LARK_DOMAIN,
    encryptKey: config.LARK_ENCRYPT_KEY,
    verificationToken: config.LARK_VERIFICATION_TOKEN,
    mode: config.LARK_MODE,
  };
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
  const tasks = new BackgroundTasks(() => log, opts.defer);
  let events: LarkEvents | undefined;
  let ws: lark.WSClient | undefined;

  const attach = (core: Core): LarkEvents => {
    if (events) return events;
    log = core.deps.log;
    const { store, clock } = core.deps;
    events = new LarkEvents({
      core,
      client,
      appId: opts.appId,
      dedupe: new EventDedupe(store.db, { retentionMs: LARK_EVENT_RETENTION_MS, pruneIntervalMs: LARK_EVENT_PRUNE_INTERVAL_MS }),
      bot: new BotInfo(client, clock),
      names: new NameResolver(client, store.db, clock),
      tasks,
      confirmations: opts.confirmations,
    });
    return events;
  };

  return {
    platform: LARK_PLATFORM,
    deliverer: larkDeliverer(client),
    routes(app, core) {
      if (opts.mode === 'ws') return;
      if (!opts.encryptKey && !opts.verificationToken) {
        core.deps.log.warn('lark webhook: neither LARK_ENCRYPT_KEY nor LARK_VERIFICATION_TOKEN is set; callbacks cannot be authenticated');
      }
      addWebhookRoute(app, core, attach(core), {
        appId: opts.appId,
        encryptKey: opts.encryptKey,
        verificationToken: opts.verificationToken,
        maxSkewMs: opts.maxRequestSkewMs ?? LARK_REQUEST_MAX_SKEW_MS,
      });
    },
    async start(core) {
      if (opts.mode !== 'ws' || !core) return;
      ws = await startLongConnection(attach(core), { appId: opts.appId, appSecret: opts.appSecret, domain, logger, log });
    },
    async stop() {
      ws?.close({ force: true });
      ws = undefined;
      await tasks.settled();
    },
    settled: () => tasks.settled(),
  };
}
