import type { Hono } from 'hono';
import { dingtalkModule } from '../../adapters/dingtalk/index.js';
import { larkModule } from '../../adapters/lark/index.js';
import { playgroundModule } from '../../adapters/playground/index.js';
import { wechatyModule } from '../../adapters/wechaty/index.js';
import { wecomModule } from '../../adapters/wecom/index.js';
import type { Adapter, AdapterContext, AdapterModule, AdapterRuntime, CorePort, Defer } from '../contracts/adapter.js';
import type { CommandDeps } from '../command/context.js';
import { ConfigError, loadConfig, type Config } from '../contracts/config/index.js';
import { configError } from '../contracts/config/env.js';
import { createLogger, type Logger } from '../contracts/log.js';
import type { Store } from '../contracts/store.js';
import { systemClock, type Clock } from '../contracts/time.js';
import { createApp } from '../http/app.js';
import { Relay } from '../outbox/relay.js';
import { remoteRowStore } from '../outbox/remote-rows.js';
import type { OnHeld } from '../outbox/row-store.js';
import { Scheduler, type SchedulerOptions } from '../scheduler/scheduler.js';
import { notifyHeld } from '../services/outbox-admin/held.js';
import { heldTexts } from '../../commands/outbox-admin/texts.js';
import { schedulerTexts } from '../../commands/index.js';
import type { CoreDeps } from '../contracts/deps.js';
import type { FileStore, Thumbnailer } from '../contracts/files.js';
import { BOT_NAMES } from '../command/parse.js';
import { buildAdapters, createAdapters, enabledModules, moduleRefusals, parseModuleConfigs } from './adapters.js';
import { relayOptions, type ModuleConfigs } from './adapters.js';
import { createDeps } from './deps.js';
import { loadGatewayConfig, type GatewayConfig } from './gateway/config.js';
import { remotePort } from './gateway/remote-port.js';
import type { Inbox } from './inbox.js';
import { createPort } from './port.js';

/** Every platform Pioneer knows, one line each; a new adapter is one more line here. */
export const ADAPTER_MODULES: readonly AdapterModule[] = [
  playgroundModule,
  larkModule,
  wechatyModule,
  wecomModule,
  dingtalkModule,
];

export interface AssembleOptions {
  /** The environment: process.env on Node, the Worker's vars and secrets. */
  env: Record<string, string | undefined>;
  runtime: Exclude<AdapterRuntime, 'gateway'>;
  /** Opens the database the entry chose (embedded libSQL, a libSQL server, D1) once the config is read. */
  store: (config: Config) => Store | Promise<Store>;
  clock?: Clock;
  log?: Logger;
  /** Work after an HTTP answer (Workers: waitUntil). */
  defer?: Defer;
  modules?: readonly AdapterModule[];
  /** Adapters built by the caller (tests: fakes and mocks), instead of the enabled modules'. */
  adapters?: readonly Adapter[];
  /** Lease owner of the relay (default relay-<random>). */
  relayOwner?: string;
  /** Where meeting photos are kept, chosen by the entry (Node: a folder; Workers: R2); none: photos refused. */
  files?: (config: Config) => FileStore | undefined;
  /** Makes photo thumbnails (Node); none: the record shows the photos as they came. */
  thumbnails?: Thumbnailer;
}

/** A core, built: what node.ts and the Worker serve and run. */
export interface Assembly {
  config: Config;
  store: Store;
  deps: CommandDeps;
  port: CorePort;
  /** Platform events stored before they were answered: drained at start and on a timer (docs/inbox.md). */
  inbox: Inbox;
  app: Hono;
  adapters: readonly Adapter[];
  /** Sends the outbox rows of the adapters that can send; `deliverers` is empty when none can. */
  relay: Relay;
  /** Platforms whose rows this process sends. */
  deliverers: readonly string[];
  /** A scheduler over these deps that wakes the relay when a tick enqueued messages. */
  scheduler(opts?: Partial<Omit<SchedulerOptions, 'deps'>>): Scheduler;
}

/** Tells the officers of units whose rows a daily cap holds (one notice a day each). */
function heldNotices(deps: CoreDeps): OnHeld {
  return async (held) => void (await notifyHeld(deps.store.db, held, deps, heldTexts));
}

/**
 * Builds the core from the environment and the adapter modules: the config (the core's and each
 * module's) and the enabled modules' start-up checks, one error naming every refused variable
 * before the database is opened; deps with every module's capabilities (known even when its
 * adapter does not run here), the port, the enabled adapters, the app with their routes, the
 * relay over their deliverers and the scheduler factory. The entries only choose the database,
 * the server and what runs.
 */
export async function assemble(o: AssembleOptions): Promise<Assembly> {
  const modules = o.modules ?? ADAPTER_MODULES;
  const log = o.log ?? createLogger();
  const { config, configs, enabled } = readEnvironment(o, modules, log);
  const store = await o.store(config);
  try {
    return await build(o, { modules, log, config, configs, enabled, store });
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** What is read before the database opens. */
interface Parsed {
  modules: readonly AdapterModule[];
  log: Logger;
  config: Config;
  configs: ModuleConfigs;
  /** The modules that build adapters here (none when the caller brings its own adapters). */
  enabled: ReturnType<typeof enabledModules>;
  store: Store;
}

/** What the adapters of this process are given. */
function adapterContext(
  o: AssembleOptions,
  log: Logger,
  config: Pick<Config, 'PIONEER_TZ' | 'HOST'> & { NODE_ENV?: string },
): AdapterContext {
  return {
    runtime: o.runtime,
    log,
    clock: systemClock,
    timeZone: config.PIONEER_TZ,
    production: config.NODE_ENV === 'production',
    ...(o.runtime === 'node' ? { host: config.HOST } : {}),
    botNames: BOT_NAMES,
    ...(o.defer ? { defer: o.defer } : {}),
  };
}

/** Runs `read`, adding the lines of a ConfigError it throws to `issues` instead. */
function gather<T>(issues: string[], read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    issues.push(...err.issues);
    return undefined;
  }
}

/**
 * The core's variables, every module's, and the start-up checks of the modules they enable,
 * gathered into one error so that a deployment learns everything it must fix at once. When the
 * core's own variables are refused, the modules are checked against the raw NODE_ENV and HOST.
 */
function readEnvironment(
  o: AssembleOptions,
  modules: readonly AdapterModule[],
  log: Logger,
): Pick<Parsed, 'config' | 'configs' | 'enabled'> {
  const issues: string[] = [];
  const config = gather(issues, () => loadConfig(o.env));
  const configs = gather(issues, () => parseModuleConfigs(modules, o.env));
  let enabled: Parsed['enabled'] = [];
  if (configs && !o.adapters) {
    const raw = { PIONEER_TZ: 'Asia/Shanghai', NODE_ENV: o.env.NODE_ENV, HOST: o.env.HOST ?? '127.0.0.1' };
    const ctx = adapterContext(o, log, config ?? raw);
    enabled = enabledModules(modules, configs, ctx);
    issues.push(...moduleRefusals(modules, configs, ctx, enabled));
  }
  if (issues.length || !config || !configs) throw configError(issues);
  return { config, configs, enabled };
}

async function build(o: AssembleOptions, parsed: Parsed): Promise<Assembly> {
  const { modules, log, config, configs, enabled, store } = parsed;
  const platforms = new Map(modules.map((m) => [m.platform, m.capabilities(configs.get(m))]));
  const files = o.files?.(config);
  const adapters = o.adapters ?? (await createAdapters(enabled, configs));
  const receipts = new Map(adapters.flatMap((a) => (a.receipts ? [[a.platform, a.receipts] as const] : [])));
  const deps = createDeps({ config, store, clock: o.clock, log, platforms, files, thumbnails: o.thumbnails, receipts });
  const { port, inbox } = createPort(deps);
  for (const a of adapters) if (a.inbox) inbox.register(a.platform, a.inbox);
  const onHeld = heldNotices(deps);
  const shared = relayOptions(adapters, platforms, config, deps.clock, log);
  const relay = new Relay({ db: store.db, ...shared, onHeld, ...(o.relayOwner ? { owner: o.relayOwner } : {}) });
  const deliverers = adapters.flatMap((a) => (a.deliverer ? [a.deliverer.platform] : []));
  const app = createApp({ deps, port, adapters, localPlatforms: deliverers, onHeld, runtime: o.runtime });
  return {
    config,
    store,
    deps,
    port,
    inbox,
    app,
    adapters,
    relay,
    deliverers,
    scheduler: (opts = {}) => new Scheduler({ deps, texts: schedulerTexts, onEnqueued: () => relay.kick(), ...opts }),
  };
}

export interface GatewayOptions {
  env: Record<string, string | undefined>;
  log?: Logger;
  modules?: readonly AdapterModule[];
  /** Adapters built by the caller (tests: a mock WeChat account), instead of the enabled modules'. */
  adapters?: readonly Adapter[];
}

/** The adapters of a gateway, a port to the core elsewhere, and a relay over that core's rows. */
export interface GatewayAssembly {
  config: GatewayConfig;
  adapters: readonly Adapter[];
  port: CorePort;
  relay: Relay;
  /** Starts the adapters; each platform's rows are leased once its adapter can send. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The gateway (src/runtime/gateway.ts): the modules that run in a gateway process (WeChat),
 * messages to the core at CORE_URL, and the same Relay as the core's over that core's outbox
 * routes, paced here with the adapters' own limits.
 */
export async function assembleGateway(o: GatewayOptions): Promise<GatewayAssembly> {
  const modules = (o.modules ?? ADAPTER_MODULES).filter((m) => m.runtimes.includes('gateway'));
  const log = o.log ?? createLogger();
  const config = loadGatewayConfig(o.env);
  const configs = parseModuleConfigs(modules, o.env);
  const platforms = new Map(modules.map((m) => [m.platform, m.capabilities(configs.get(m))]));
  const ctx: AdapterContext = {
    runtime: 'gateway',
    log,
    clock: systemClock,
    timeZone: config.PIONEER_TZ,
    production: config.NODE_ENV === 'production',
    botNames: BOT_NAMES,
  };
  const adapters = o.adapters ?? (await buildAdapters(modules, configs, ctx));
  const endpoint = { url: config.CORE_URL, token: config.token };
  const owner = `${adapters.map((a) => a.platform).join('-') || 'none'}-gateway-${crypto.randomUUID().slice(0, 8)}`;
  const shared = relayOptions(adapters, platforms, config, systemClock, log);
  const relay = new Relay({ rows: remoteRowStore(endpoint), ...shared, owner });
  const port = remotePort(endpoint, {
    clock: systemClock,
    log,
    maxBodyBytes: config.MAX_BODY_BYTES,
    // Rows a command created through this gateway go out at once, not at the next poll.
    onAnswered: () => relay.kick(),
  });
  let stopped = false;
  return {
    config,
    adapters,
    port,
    relay,
    async start() {
      for (const a of adapters) await a.start?.(port);
      // A gateway leases rows only once it can send them; before that it would only hand them back.
      void Promise.all(adapters.map((a) => a.ready?.())).then(() => stopped || relay.start());
    },
    async stop() {
      stopped = true;
      await relay.stop();
      for (const a of adapters) await a.stop?.().catch(() => undefined);
    },
  };
}
