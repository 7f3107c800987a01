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
 * Builds the adapters of the modules that can run on `ctx.runtime` and whose variables turn them
 * on, after every such module's start-up checks passed (one error names every refusal).
 */
export async function buildAdapters(
  modules: readonly AdapterModule[],
  configs: ModuleConfigs,
  ctx: AdapterContext,
): Promise<Adapter[]> {
  const here = modules.filter((m) => m.runtimes.includes(ctx.runtime));
  const refusals = here.flatMap((m) => m.check?.(configs.get(m), ctx) ?? []);
  if (refusals.length) throw configError(refusals);
  const adapters: Adapter[] = [];
  for (const m of here) if (m.enabled(configs.get(m), ctx)) adapters.push(await m.create(configs.get(m), ctx));
  return adapters;
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
