import { fillPlaceholders, sql, type Placeholder, type Query, type SQL, type SQLChunk } from 'drizzle-orm';
import { SQLiteRaw } from 'drizzle-orm/sqlite-core/query-builders/raw';
import type { Db, Write } from '../contracts/store.js';

interface DbInternals {
  session: { run(query: SQL): unknown };
  dialect: ConstructorParameters<typeof SQLiteRaw>[3];
}

/**
 * A write whose final SQL and parameters are known: what `store.batch` needs of it costs nothing
 * to compute (`getQuery()`), on every store (the embedded engine, @libsql/client, D1). Awaited on
 * its own it runs through the database's session like `db.run(sql…)`.
 */
class BoundWrite extends SQLiteRaw<unknown> {
  private readonly query: Query;

  constructor(db: Db, query: Query) {
    const { session, dialect } = db as unknown as DbInternals;
    super(
      async () => session.run(toSql(query)),
      () => toSql(query),
      'run',
      dialect,
      (r) => r,
    );
    this.query = query;
  }

  override getQuery() {
    return { sql: this.query.sql, params: this.query.params, method: 'run' as const };
  }
}

/** The SQL object of a built query ('?' marks its parameters in order). */
function toSql(q: Query): SQL {
  const parts = q.sql.split('?');
  const chunks: SQLChunk[] = [];
  parts.forEach((text, i) => {
    chunks.push(sql.raw(text));
    if (i < parts.length - 1) chunks.push(sql.param(q.params[i]));
  });
  return sql.join(chunks);
}

/** Placeholders named after `keys`, for the values of a prepared insert. */
export function placeholders<const K extends string>(keys: readonly K[]): Record<K, Placeholder<K>> {
  return Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)])) as unknown as Record<K, Placeholder<K>>;
}

/**
 * A write statement drizzle builds once per database, bound to new values on each use: for the
 * few inserts every message makes (the stored answer, the audit row, a check-in), where building
 * the query each time costs more than running it. `build` uses `sql.placeholder(name)` (or
 * `placeholders`) where values go; each call must give every placeholder a value (null, never
 * undefined: an omitted column would take its default, which a prepared statement cannot do).
 */
export function preparedWrite<V extends Record<string, unknown>>(
  build: (db: Db) => { toSQL(): Query },
): (db: Db, values: V) => Write {
  const built = new WeakMap<Db, Query>();
  return (db, values) => {
    let q = built.get(db);
    if (!q) {
      q = build(db).toSQL();
      const marks = q.sql.split('?').length - 1;
      if (marks !== q.params.length)
        throw new Error(`prepared write: ${marks} '?' for ${q.params.length} parameters in ${q.sql}`);
      built.set(db, q);
    }
    for (const k in values) if (values[k] === undefined) throw new TypeError(`prepared write: no value for ${k}`);
    return new BoundWrite(db, { sql: q.sql, params: fillPlaceholders(q.params, values) });
  };
}
