import { openLibsqlStore } from './libsql.js';
import { openLocalStore } from './local.js';
import type { SqlStore } from '../contracts/store.js';

/** Which driver opens an embedded database: the engine directly (default) or @libsql/client. */
export type EmbeddedDriver = 'engine' | 'client';

/** True for a URL naming an embedded database (a file or :memory:) rather than a libSQL server. */
export function isEmbeddedUrl(url: string): boolean {
  return url === ':memory:' || url.startsWith('file:');
}

/**
 * Opens the store `DATABASE_URL` names and applies the migrations: embedded files and :memory:
 * on the libSQL engine with cached statements (src/db/local.ts), libSQL servers (libsql://,
 * https://, http://, ws://) through @libsql/client (src/db/libsql.ts). `driver: 'client'` opens
 * an embedded file through @libsql/client too (for comparing the two).
 */
export function openStore(opts: { url: string; authToken?: string; driver?: EmbeddedDriver }): Promise<SqlStore> {
  if (isEmbeddedUrl(opts.url) && opts.driver !== 'client') return openLocalStore(opts.url);
  return openLibsqlStore(opts);
}
