import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { libsqlStore } from './libsql-store.js';
import * as schema from './schema.js';
import type { Store } from '../contracts/store.js';

/** True for URLs the web client can reach: a libSQL server over HTTP(S) or WebSockets. */
export function isRemoteLibsqlUrl(url: string): boolean {
  return /^(libsql|https?|wss?):\/\//.test(url);
}

/**
 * A Store over a libSQL server (Turso, `sqld`) through the fetch-based client, for runtimes
 * without Node (Workers). The schema must already be migrated (`npm run db:migrate`).
 */
export function openLibsqlWebStore(opts: { url: string; authToken?: string }): Store {
  const client = createClient({ url: opts.url, authToken: opts.authToken });
  return libsqlStore(drizzle(client, { schema }), client);
}
