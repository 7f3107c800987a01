import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTableRelationsHelpers, extractTablesRelationalConfig, type Query } from 'drizzle-orm';
import { BetterSQLiteSession } from 'drizzle-orm/better-sqlite3/session';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { BaseSQLiteDatabase, SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import Database from 'libsql';
import * as schema from './schema.js';
import { Checkpointer } from './checkpointer.js';
import { GroupCommit } from './group-commit.js';
import { WalSync } from './wal-sync.js';
import {
  MIGRATIONS_DIR,
  SQLITE_BUSY_TIMEOUT_MS,
  SQLITE_CACHE_KIB,
  SQLITE_MMAP_BYTES,
  SQLITE_SYNCHRONOUS,
} from './settings.js';
import { bindable, StatementCache } from './statements.js';
import type { Db, SqlClient, SqlResult, SqlStatement, SqlStore, Write } from '../contracts/store.js';

/** The file an embedded URL names (`file:path`, `file:///abs/path`), or ':memory:'. */
export function embeddedPath(url: string): string {
  if (url === ':memory:' || url.includes(':memory:')) return ':memory:';
  if (url.startsWith('file://')) return fileURLToPath(url.replace(/\?.*$/, ''));
  return url.replace(/^file:/, '').replace(/\?.*$/, '');
}

/** An embedded store with its statement cache exposed (for tests and benchmarks). */
export type LocalStore = SqlStore & {
  statements: StatementCache;
  group: GroupCommit;
  /** The WAL's syncer of group commits (files only). */
  wal: WalSync | undefined;
  /** The background checkpoint thread, once started. */
  checkpointer(): Checkpointer | undefined;
};

export interface LocalStoreOptions {
  /**
   * After this many batches, checkpoints move to a background thread (src/db/checkpointer.ts);
   * 0 starts it at once, Infinity never. Files only; default BACKGROUND_CHECKPOINT_AFTER.
   */
  backgroundCheckpointAfter?: number;
}

/** Batches after which a file store checkpoints in the background (a store that sees real traffic). */
export const BACKGROUND_CHECKPOINT_AFTER = 200;
/** SQLite's default automatic checkpoint, restored if the background thread fails. */
const AUTO_CHECKPOINT_PAGES = 1000;

/**
 * Opens an embedded libSQL database (a file or :memory:) on the engine directly, and applies the
 * migrations. Compared with @libsql/client's local driver this skips preparing every statement
 * on every call (statements are cached per connection) and the client's async and row-conversion
 * layers; the SQL, the file format and the guarantees are the same:
 * - WAL with synchronous=FULL (SQLITE_SYNCHRONOUS) and a busy timeout: nothing committed is lost
 *   to a crashed process, an OS crash or a power cut; group commits (`batch`) get the same
 *   guarantee from an fdatasync of the WAL on the thread pool before they resolve;
 * - `batch` commits in `BEGIN IMMEDIATE … COMMIT`, run synchronously so no other statement can
 *   interleave on this connection, together with the other batches submitted meanwhile (group
 *   commit, src/db/group-commit.ts: each still atomic, resolved only once committed); a failing
 *   batch is rejected with the engine's error (`code` SQLITE_CONSTRAINT_PRIMARYKEY / _UNIQUE …,
 *   see isConstraintViolation).
 * Services use the same drizzle API (`await` on every query) as over @libsql/client or D1.
 */
export async function openLocalStore(url: string, opts: LocalStoreOptions = {}): Promise<LocalStore> {
  const path = embeddedPath(url);
  const memory = path === ':memory:';
  if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const database = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    database.exec(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    database.exec('PRAGMA secure_delete = ON'); // erased values are zeroed (src/services/pairing/erase.ts)
    database.exec(`PRAGMA cache_size = -${SQLITE_CACHE_KIB}`);
    if (!memory) database.exec(`PRAGMA mmap_size = ${SQLITE_MMAP_BYTES}`);
    if (!memory) {
      database.exec('PRAGMA journal_mode = WAL');
      database.exec(`PRAGMA synchronous = ${SQLITE_SYNCHRONOUS}`);
    }
    migrate(database);
  } catch (err) {
    database.close();
    throw err;
  }
  const statements = new StatementCache(database);
  const db = drizzleOver(statements);
  const begin = statements.prepare('BEGIN IMMEDIATE');
  const commit = statements.prepare('COMMIT');
  const rollback = statements.prepare('ROLLBACK');
  const ping = statements.prepare('SELECT 1 AS ok');
  // Group commits write the WAL without syncing it and sync it off the event loop before they
  // answer (src/db/wal-sync.ts); every other write on the connection keeps SQLITE_SYNCHRONOUS.
  const wal = memory ? undefined : new WalSync(`${resolve(path)}-wal`);
  const unsynced = statements.prepare('PRAGMA synchronous = NORMAL');
  const synced = statements.prepare(`PRAGMA synchronous = ${SQLITE_SYNCHRONOUS}`);
  const group = new GroupCommit({
    begin: () => {
      if (!wal) return void begin.run();
      unsynced.run();
      try {
        begin.run();
      } catch (err) {
        synced.run();
        throw err;
      }
    },
    run: (q) => statements.prepare(q.sql).run(...q.params),
    commit: () => {
      commit.run();
      if (wal) synced.run();
    },
    rollback: () => {
      if (database.inTransaction) rollback.run();
      if (wal) synced.run();
    },
    ...(wal ? { durable: () => wal.barrier() } : {}),
  });

  let checkpointer: Checkpointer | undefined;
  let batches = 0;
  const checkpointAfter = memory ? Infinity : (opts.backgroundCheckpointAfter ?? BACKGROUND_CHECKPOINT_AFTER);
  const startCheckpointer = () => {
    checkpointer = new Checkpointer({
      path: resolve(path),
      busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS,
      onFailure: () => {
        if (database.open) database.exec(`PRAGMA wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
      },
    });
    database.exec('PRAGMA wal_autocheckpoint = 0');
  };
  if (checkpointAfter === 0) startCheckpointer();

  return {
    db,
    statements,
    group,
    wal,
    checkpointer: () => checkpointer,
    client: localClient(database),
    async batch(writes: Write[]) {
      if (writes.length === 0) return;
      if (!checkpointer && ++batches > checkpointAfter) startCheckpointer();
      // The SQL is built now, outside the transaction; the group commits at the next check phase.
      await group.submit(writes.map(queryOf));
    },
    async ping() {
      return ping.all().length === 1;
    },
    async close() {
      await checkpointer?.stop();
      group.flush();
      await wal?.close();
      if (database.open) database.close();
    },
  };
}

/** The SQL and parameters of one drizzle write (a query builder, or `db.run(sql…)`). */
function queryOf(w: Write): Query {
  const q = w as unknown as { toSQL?: () => Query; getQuery: () => Query };
  return q.toSQL ? q.toSQL() : q.getQuery();
}

/**
 * A drizzle database of the same (async) kind as over @libsql/client, executing through drizzle's
 * better-sqlite3 session on cached statements. Async kind matters: `db.run(sql…)` stays a lazy
 * query that `work.write` can queue, instead of running at once as a sync database would.
 */
function drizzleOver(statements: StatementCache): Db {
  const dialect = new SQLiteSyncDialect();
  const tables = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  const relational = { fullSchema: schema, schema: tables.tables, tableNamesMap: tables.tableNamesMap };
  const session = new BetterSQLiteSession(statements as never, dialect, relational as never);
  // A transaction callback here would run synchronously while services await: refuse it.
  session.transaction = () => {
    throw new Error('transactions are not supported on the store; queue writes with work.write or use store.batch');
  };
  return new BaseSQLiteDatabase('async', dialect as never, session as never, relational as never) as unknown as Db;
}

const MIGRATIONS_TABLE = '__drizzle_migrations';

/**
 * Applies the drizzle-kit migrations not yet applied, with the bookkeeping of drizzle's own
 * migrators (same table, same columns, compatible with files migrated by @libsql/client), inside
 * one BEGIN IMMEDIATE so two processes starting on one file apply them once.
 */
function migrate(database: Database.Database): void {
  const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR });
  database.exec(
    `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
  );
  database.exec('BEGIN IMMEDIATE');
  try {
    const last = database
      .prepare(`SELECT created_at FROM "${MIGRATIONS_TABLE}" ORDER BY created_at DESC LIMIT 1`)
      .raw(true)
      .all([]) as [number][];
    const lastAt = last[0] ? Number(last[0][0]) : -Infinity;
    const record = database.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" ("hash", "created_at") VALUES (?, ?)`);
    for (const m of migrations) {
      if (lastAt >= m.folderMillis) continue;
      for (const stmt of m.sql) if (stmt.trim()) database.exec(stmt);
      record.run([m.hash, m.folderMillis]);
    }
    database.exec('COMMIT');
  } catch (err) {
    if (database.inTransaction) database.exec('ROLLBACK');
    throw err;
  }
}

/**
 * The small part of @libsql/client's interface that tests and benchmarks use on a store
 * (`execute`, `batch`, `close`), over the same connection; rows are objects keyed by column name.
 */
function localClient(database: Database.Database): SqlClient {
  const one = (stmt: SqlStatement): SqlResult => {
    const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: [] } : stmt;
    const s = database.prepare(sql);
    const params = Array.isArray(args) ? bindable(args) : (args ?? []);
    if (s.reader) return { rows: s.all(params) as Record<string, unknown>[], rowsAffected: 0 };
    const r = s.run(params);
    return { rows: [], rowsAffected: r.changes, lastInsertRowid: r.lastInsertRowid };
  };
  return {
    async execute(stmt: SqlStatement) {
      return one(stmt);
    },
    async batch(stmts: SqlStatement[], mode?: string) {
      database.exec(mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN');
      try {
        const out = stmts.map(one);
        database.exec('COMMIT');
        return out;
      } catch (err) {
        if (database.inTransaction) database.exec('ROLLBACK');
        throw err;
      }
    },
    async executeMultiple(sql: string) {
      database.exec(sql);
    },
    close() {
      if (database.open) database.close();
    },
  };
}
