import { ConfigError, loadConfig, type Config } from '../../contracts/config/index.js';
import { d1Store } from '../../db/d1.js';
import { isRemoteLibsqlUrl, openLibsqlWebStore } from '../../db/libsql-web.js';
import type { Store } from '../../contracts/store.js';
import type { D1Database } from '../../db/cloudflare.js';

/** Name of the D1 binding in wrangler.toml. */
export const D1_BINDING = 'DB';

/** What a Worker receives as `env`: vars and secrets (strings) and bindings (objects). */
export type WorkerEnv = Record<string, unknown> & { [D1_BINDING]?: D1Database };

/** The string-valued part of env (vars and secrets), parsed by the same schema as on Node. */
export function configFromEnv(env: WorkerEnv): Config {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') vars[k] = v;
  // Node's default (an embedded file) makes no sense here: without DATABASE_URL the D1 binding is used.
  const config = loadConfig(vars);
  if (config.LARK_MODE === 'ws') throw new ConfigError('invalid configuration\n  LARK_MODE: the long connection (ws) needs the Node entry; use webhook on Workers');
  return config;
}

/**
 * The database: a libSQL server when DATABASE_URL names one (libsql://, https://…), else the D1
 * binding. A file: URL cannot work on Workers and is refused by name.
 */
export function storeFromEnv(env: WorkerEnv): Store {
  const url = typeof env.DATABASE_URL === 'string' ? env.DATABASE_URL.trim() : '';
  if (url) {
    if (!isRemoteLibsqlUrl(url)) throw new ConfigError('invalid configuration\n  DATABASE_URL: on Workers it must name a libSQL server (libsql://, https://); leave it unset to use D1');
    const authToken = typeof env.DATABASE_AUTH_TOKEN === 'string' && env.DATABASE_AUTH_TOKEN ? env.DATABASE_AUTH_TOKEN : undefined;
    return openLibsqlWebStore({ url, authToken });
  }
  const binding = env[D1_BINDING];
  if (!binding || typeof binding.prepare !== 'function') {
    throw new ConfigError(`invalid configuration\n  ${D1_BINDING}: no D1 binding and no DATABASE_URL; add [[d1_databases]] binding = "${D1_BINDING}" to wrangler.toml`);
  }
  return d1Store(binding);
}
