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

/** Extended result codes of a conflict between two writers: a UNIQUE index or a PRIMARY KEY. */
const RACE_CODES: ReadonlySet<string> = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/**
 * True when an error (or its cause chain) is a UNIQUE or PRIMARY KEY violation: what two writers
 * racing for one row cause, and what a re-run against the new state can resolve. Other constraint
 * failures (NOT NULL, CHECK, FOREIGN KEY) are bugs that a re-run repeats, so they are not races.
 * The embedded engine sets `code` to the extended code, @libsql/client sets `extendedCode` (its
 * `code` is the bare SQLITE_CONSTRAINT of every constraint), D1 says it only in the message.
 */
export function isConstraintViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { message, code, extendedCode } = e as { message?: unknown; code?: unknown; extendedCode?: unknown };
    if (RACE_CODES.has(String(code)) || RACE_CODES.has(String(extendedCode))) return true;
    if (/UNIQUE constraint failed|PRIMARY KEY constraint failed/.test(String(message ?? ''))) return true;
  }
  return false;
}
