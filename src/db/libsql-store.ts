import type { Client } from '@libsql/client';
import type { LibSQLDatabase } from 'drizzle-orm/libsql/driver-core';
import type * as schema from './schema.js';
import type { Db, Store, Write } from '../contracts/store.js';

/**
 * A Store over a drizzle libSQL database. Free of Node imports, so the embedded client (Node)
 * and the web client (Workers, `@libsql/client/web`) share it.
 */
export function libsqlStore(db: LibSQLDatabase<typeof schema>, client: Pick<Client, 'execute' | 'close'>): Store {
  return {
    db: db as unknown as Db,
    async batch(writes: Write[]) {
      if (writes.length === 0) return;
      await db.batch(writes as [Write, ...Write[]]);
    },
    async ping() {
      const r = await client.execute('SELECT 1 AS ok');
      return r.rows.length === 1;
    },
    async close() {
      client.close();
    },
  };
}
