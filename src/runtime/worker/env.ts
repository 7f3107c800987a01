import { configError } from '../../contracts/config/env.js';
import { d1Store } from '../../db/d1.js';
import { isRemoteLibsqlUrl, openLibsqlWebStore } from '../../db/libsql-web.js';
import type { Store } from '../../contracts/store.js';
import type { D1Database } from '../../db/cloudflare.js';

/** Name of the D1 binding in wrangler.toml. */
export const D1_BINDING = 'DB';

/** What a Worker receives as `env`: vars and secrets (strings) and bindings (objects). */
export type WorkerEnv = Record<string, unknown> & { [D1_BINDING]?: D1Database };
// The optional R2 binding of meeting photos is read by ./r2.ts (filesFromEnv).

/** The string-valued part of env (vars and secrets): what the config schemas read, as on Node. */
export function varsFromEnv(env: WorkerEnv): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') vars[k] = v;
  return vars;
}

/**
 * The database: a libSQL server when DATABASE_URL names one (libsql://, https://…), else the D1
 * binding. A file: URL cannot work on Workers and is refused by name.
 */
export function storeFromEnv(env: WorkerEnv): Store {
  const url = typeof env.DATABASE_URL === 'string' ? env.DATABASE_URL.trim() : '';
  if (url) {
    if (!isRemoteLibsqlUrl(url)) {
      const why = 'on Workers it must name a libSQL server (libsql://, https://); leave it unset to use D1';
      throw configError([`DATABASE_URL: ${why}`]);
    }
    const authToken =
      typeof env.DATABASE_AUTH_TOKEN === 'string' && env.DATABASE_AUTH_TOKEN ? env.DATABASE_AUTH_TOKEN : undefined;
    return openLibsqlWebStore({ url, authToken });
  }
  const binding = env[D1_BINDING];
  if (!binding || typeof binding.prepare !== 'function') {
    const fix = `add [[d1_databases]] binding = "${D1_BINDING}" to wrangler.toml`;
    throw configError([`${D1_BINDING}: no D1 binding and no DATABASE_URL; ${fix}`]);
  }
  return d1Store(binding);
}
