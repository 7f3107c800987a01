import type { Adapter, AdapterContext, AdapterModule, PlatformCapabilities } from '../contracts/adapter.js';
import { configError, configIssues } from '../contracts/config/env.js';
import type { RelaySettings } from '../contracts/config/relay.js';
import type { Logger } from '../contracts/log.js';
import type { Clock } from '../contracts/time.js';
import type { RelayOptions } from '../outbox/relay.js';

/** Each module's parsed variables. */
export type ModuleConfigs = ReadonlyMap<AdapterModule, unknown>;

/** Parses every module's variables (whether or not it runs: capabilities need them); one error names them all. */
export function parseModuleConfigs(modules: readonly AdapterModule[], env: Record<string, unknown>): ModuleConfigs {
  const configs = new Map<AdapterModule, unknown>();
  const issues: string[] = [];
  for (const m of modules) {
    const parsed = m.configSchema.safeParse(env);
    if (parsed.success) configs.set(m, parsed.data);
    else issues.push(...configIssues(parsed.error));
  }
  if (issues.length) throw configError(issues);
  return configs;
}

/**
 * The modules that run on `ctx.runtime` and whose variables turn them on, each with the context
 * it is asked in: real platforms first, then simulated ones told which real platforms are on.
 */
export function enabledModules(
  modules: readonly AdapterModule[],
  configs: ModuleConfigs,
  ctx: AdapterContext,
): { module: AdapterModule; ctx: AdapterContext }[] {
  const here = modules.filter((m) => m.runtimes.includes(ctx.runtime));
  const real = here.filter((m) => !m.simulated && m.enabled(configs.get(m), ctx));
  const simCtx: AdapterContext = { ...ctx, realPlatforms: real.map((m) => m.platform) };
  const simulated = here.filter((m) => m.simulated && m.enabled(configs.get(m), simCtx));
  return here.flatMap((m) =>
    real.includes(m) ? [{ module: m, ctx }] : simulated.includes(m) ? [{ module: m, ctx: simCtx }] : [],
  );
}

/**
 * Every start-up refusal of the modules that can run on `ctx.runtime`, each naming its variables:
 * an enabled module is checked in the context it was enabled in; one that is off is checked too,
 * so that a setting which could never work here (LARK_MODE=ws on Workers) is refused either way.
 */
export function moduleRefusals(
  modules: readonly AdapterModule[],
  configs: ModuleConfigs,
  ctx: AdapterContext,
  enabled: ReturnType<typeof enabledModules>,
): string[] {
  return modules
    .filter((m) => m.runtimes.includes(ctx.runtime))
    .flatMap((m) => m.check?.(configs.get(m), enabled.find((e) => e.module === m)?.ctx ?? ctx) ?? []);
}

/** Builds the adapters of the enabled modules, once their checks passed (moduleRefusals). */
export async function createAdapters(
  enabled: ReturnType<typeof enabledModules>,
  configs: ModuleConfigs,
): Promise<Adapter[]> {
  const adapters: Adapter[] = [];
  for (const { module: m, ctx } of enabled) adapters.push(await m.create(configs.get(m), ctx));
  return adapters;
}

/**
 * Builds the adapters of the modules that can run on `ctx.runtime` and whose variables turn them
 * on, after every such module's start-up checks passed (one error names every refusal).
 */
export async function buildAdapters(
  modules: readonly AdapterModule[],
  configs: ModuleConfigs,
  ctx: AdapterContext,
): Promise<Adapter[]> {
  const enabled = enabledModules(modules, configs, ctx);
  const refusals = moduleRefusals(modules, configs, ctx, enabled);
  if (refusals.length) throw configError(refusals);
  return createAdapters(enabled, configs);
}

/**
 * What every relay is given, in the core and in a gateway alike: the adapters' deliverers and
 * pacing, each platform's idempotency key length, the relay settings, the clock and the log.
 */
export function relayOptions(
  adapters: readonly Adapter[],
  platforms: ReadonlyMap<string, PlatformCapabilities>,
  settings: RelaySettings,
  clock: Clock,
  log: Logger,
): Required<Pick<RelayOptions, 'deliverers' | 'limits' | 'keyChars' | 'settings' | 'clock' | 'log'>> {
  return {
    deliverers: adapters.flatMap((a) => (a.deliverer ? [a.deliverer] : [])),
    limits: new Map(adapters.flatMap((a) => (a.limits ? [[a.platform, a.limits] as const] : []))),
    keyChars: new Map([...platforms].map(([p, c]) => [p, c.idempotencyKeyChars])),
    settings,
    clock,
    log,
  };
}
