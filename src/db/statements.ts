// Prepared statements of the embedded libSQL engine (the `libsql` package, the better-sqlite3
// compatible engine under @libsql/client), cached per connection: preparing is most of what a
// small query costs, and the same few statements run on every message.
import type Database from 'libsql';

type NativeStatement = Database.Statement;

/** Result of a statement that returns no rows (better-sqlite3's RunResult). */
export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** Most statements kept per connection; the oldest is dropped beyond this. */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * Values as the engine binds them. The native binding aborts the whole process on a boolean and
 * refuses Dates, so they are converted the way @libsql/client converts them (true → 1, Date →
 * epoch ms); undefined and non-finite numbers are refused as @libsql/client refuses them.
 */
export function bindable(params: readonly unknown[]): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < params.length; i++) {
    const v = params[i];
    let c: unknown = v;
    switch (typeof v) {
      case 'string':
      case 'bigint':
        continue;
      case 'number':
        if (!Number.isFinite(v))
          throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
        continue;
      case 'boolean':
        c = v ? 1 : 0;
        break;
      case 'undefined':
        throw new TypeError('undefined cannot be passed as argument to the database');
      default:
        if (v instanceof Date) c = v.valueOf();
        else if (v instanceof ArrayBuffer) c = Buffer.from(v);
        else continue;
    }
    out ??= params.slice();
    out[i] = c;
  }
  return out ?? (params as unknown[]);
}

/**
 * One cached statement with better-sqlite3's interface as drizzle's better-sqlite3 session uses it
 * (`raw().all()`, `all()`, `get()`, `run()`), made safe for sharing:
 * - raw mode applies to the next call only (better-sqlite3's is sticky on the statement, and a
 *   shared statement would hand arrays to the next caller that wants objects);
 * - `run()` of a statement that returns rows (… RETURNING) reads them all: libsql's `run` steps
 *   once and leaves the statement open, holding its lock;
 * - `get()` drops the `_metadata` libsql adds to object rows;
 * - parameters go through `bindable`.
 */
export class CachedStatement {
  private rawOn = false;
  private wantRaw = false;

  constructor(
    private readonly stmt: NativeStatement,
    readonly reader: boolean,
    private readonly lastRowid: () => number | bigint,
  ) {}

  raw(on = true): this {
    this.wantRaw = on;
    return this;
  }

  private mode(): void {
    const want = this.wantRaw;
    this.wantRaw = false;
    if (want !== this.rawOn) {
      this.stmt.raw(want);
      this.rawOn = want;
    }
  }

  all(...params: unknown[]): unknown[] {
    this.mode();
    return this.stmt.all(bindable(params));
  }

  get(...params: unknown[]): unknown {
    this.mode();
    const row = this.stmt.get(bindable(params)) as Record<string, unknown> | unknown[] | undefined;
    if (row && !Array.isArray(row)) delete row._metadata;
    return row;
  }

  run(...params: unknown[]): RunResult {
    if (this.reader) {
      this.wantRaw = true;
      this.mode();
      // One row per changed row for INSERT/UPDATE/DELETE … RETURNING.
      const rows = this.stmt.all(bindable(params));
      return { changes: rows.length, lastInsertRowid: this.lastRowid() };
    }
    this.wantRaw = false;
    const r = this.stmt.run(bindable(params)) as RunResult;
    return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
  }
}

/** A connection's statement cache: `prepare(sql)` returns the same statement for the same text. */
export class StatementCache {
  private readonly cache = new Map<string, CachedStatement>();
  private lastRowidStmt: NativeStatement | undefined;

  constructor(
    readonly database: Database.Database,
    private readonly max = STATEMENT_CACHE_SIZE,
  ) {}

  prepare(sql: string): CachedStatement {
    let s = this.cache.get(sql);
    if (s) return s;
    const native = this.database.prepare(sql);
    s = new CachedStatement(native, native.reader, () => this.lastInsertRowid());
    if (this.cache.size >= this.max) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(sql, s);
    return s;
  }

  private lastInsertRowid(): number | bigint {
    this.lastRowidStmt ??= this.database.prepare('SELECT last_insert_rowid()').raw(true);
    return (this.lastRowidStmt.get([]) as [number | bigint])[0];
  }

  /** Statements held (for tests). */
  get size(): number {
    return this.cache.size;
  }
}
