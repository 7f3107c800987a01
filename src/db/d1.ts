import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { D1Database } from './cloudflare.js';
import { withD1ParamLimit } from './d1-params.js';
import * as schema from './schema.js';
import type { Db, Store, Write } from '../contracts/store.js';

/** What every batch item (query builder or `db.run(sql…)`) gives when prepared. */
interface Prepared {
  getQuery(): { sql: string; params: unknown[] };
}

/**
 * A Store over a Cloudflare D1 binding. Migrations are applied by `wrangler d1 migrations apply`,
 * not here.
 *
 * `batch` is D1's batch, which runs its statements in one implicit transaction: all commit or
 * none do, as the dispatcher requires. It binds the statements itself rather than through
 * drizzle's `db.batch`, which (drizzle-orm 0.45) crashes on `db.run(sql…)` items ("reading
 * 'bind'") — and the outbox enqueues with exactly such a statement. Statements over D1's
 * 100 bound parameters have their IN lists collapsed (d1-params.ts).
 */
export function d1Store(raw: D1Database): Store {
  const binding = withD1ParamLimit(raw);
  const db = drizzle(binding as never, { schema });
  return {
    db: db as unknown as Db,
    async batch(writes: Write[]) {
      if (writes.length === 0) return;
      const statements = writes.map((w) => {
        // The call drizzle's own batch makes: the final SQL text and driver-ready parameters.
        const q = (w as unknown as { _prepare(): Prepared })._prepare().getQuery();
        return (binding.prepare(q.sql) as { bind(...params: unknown[]): unknown }).bind(...q.params);
      });
      await binding.batch(statements);
    },
    async ping() {
      const rows = await db.all<{ ok: number }>(sql`SELECT 1 AS ok`);
      return rows.length === 1 && rows[0]!.ok === 1;
    },
    // The binding belongs to the runtime; there is nothing to close.
    async close() {},
  };
}
