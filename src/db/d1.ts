import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { D1Database } from '../entry/worker/cloudflare.js';
import * as schema from './schema.js';
import type { Db, Store, Write } from './store.js';

/**
 * A Store over a Cloudflare D1 binding. `batch` is D1's batch, which runs its statements in one
 * implicit transaction: all commit or none do, as the dispatcher requires. Migrations are applied
 * by `wrangler d1 migrations apply`, not here.
 */
export function d1Store(binding: D1Database): Store {
  const db = drizzle(binding as never, { schema });
  return {
    db: db as unknown as Db,
    async batch(writes: Write[]) {
      if (writes.length === 0) return;
      await db.batch(writes as [Write, ...Write[]]);
    },
    async ping() {
      const rows = await db.all<{ ok: number }>(sql`SELECT 1 AS ok`);
      return rows.length === 1 && rows[0]!.ok === 1;
    },
    // The binding belongs to the runtime; there is nothing to close.
    async close() {},
  };
}
