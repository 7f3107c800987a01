import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema.js';
import { libsqlStore } from './libsql-store.js';
import { MIGRATIONS_DIR, SQLITE_BUSY_TIMEOUT_MS } from './settings.js';
import type { SqlClient, SqlStore } from '../contracts/store.js';

export { MIGRATIONS_DIR, SQLITE_BUSY_TIMEOUT_MS };

export interface LibsqlOptions {
  url: string;
  authToken?: string;
}

/**
 * Opens a libSQL database through @libsql/client and applies the migrations: what serves libSQL
 * servers; embedded files normally open on the engine directly (openStore, src/db/local.ts).
 * Embedded files get WAL with synchronous=NORMAL: a crashed process loses nothing committed
 * (PERFORMANCE.md), at ~4x the write rate of FULL.
 */
export async function openLibsqlStore(opts: LibsqlOptions): Promise<SqlStore> {
  const local = opts.url.startsWith('file:') || opts.url === ':memory:';
  if (opts.url.startsWith('file:')) {
    const path = opts.url.slice('file:'.length).replace(/\?.*$/, '');
    if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const client = createClient({
    url: opts.url === ':memory:' ? 'file::memory:' : opts.url,
    authToken: opts.authToken,
    // One connection: local calls are synchronous anyway, and per-connection pragmas stay set.
    ...(local ? { concurrency: 1, timeout: SQLITE_BUSY_TIMEOUT_MS } : {}),
  });
  if (local) {
    await client.execute(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    await client.execute('PRAGMA secure_delete = ON'); // as in src/db/local.ts
    if (opts.url !== ':memory:' && !opts.url.includes(':memory:')) {
      await client.execute('PRAGMA journal_mode = WAL');
      await client.execute('PRAGMA synchronous = NORMAL');
    }
  }
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { ...libsqlStore(db, client), client: client as unknown as SqlClient };
}
