import type { BatchItem } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';

/**
 * The drizzle database every service reads through (libSQL or D1). The schema generic is left
 * open: nothing uses drizzle's relational `db.query` API, and storage drivers bind their own.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = BaseSQLiteDatabase<'async', unknown, any>;

/** One write statement, executed later as part of an atomic batch. */
export type Write = BatchItem<'sqlite'>;

/**
 * Storage as the core sees it. Writes go through `batch`, which is atomic on libSQL and D1 alike,
 * so every change a message causes (and the stored answer to it) commits together or not at all.
 */
export interface Store {
  db: Db;
  batch(writes: Write[]): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** A statement for `SqlClient`: SQL text, or SQL with positional arguments. */
export type SqlStatement = string | { sql: string; args?: unknown[] };

/** What `SqlClient.execute` returns; rows are objects keyed by column name. */
export interface SqlResult {
  rows: Record<string, unknown>[];
  rowsAffected: number;
  lastInsertRowid?: number | bigint;
}

/**
 * Raw SQL on the store's connection, for tests, benchmarks and set-up (services use `db`): the
 * part of @libsql/client's Client that both the embedded and the remote store provide.
 */
export interface SqlClient {
  execute(stmt: SqlStatement): Promise<SqlResult>;
  /** Runs the statements in one transaction ('write': BEGIN IMMEDIATE). */
  batch(stmts: SqlStatement[], mode?: 'write' | 'read' | 'deferred'): Promise<SqlResult[]>;
  /** Runs a script of several statements separated by semicolons, without parameters. */
  executeMultiple(sql: string): Promise<void>;
  close(): void;
}

/** A libSQL store (embedded or remote) with raw SQL access beside drizzle. */
export type SqlStore = Store & { client: SqlClient };

/** True when an error (or its cause chain) is a UNIQUE or PRIMARY KEY violation. */
export function isConstraintViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const msg = String((e as { message?: unknown }).message ?? '');
    const code = String((e as { code?: unknown }).code ?? '');
    if (/UNIQUE constraint failed|PRIMARY KEY/i.test(msg) || /SQLITE_CONSTRAINT/.test(code)) return true;
  }
  return false;
}
