import type { BatchItem } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema.js';

/** The drizzle database every service reads through (libSQL or D1). */
export type Db = BaseSQLiteDatabase<'async', unknown, typeof schema>;

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

/** True when an error (or its cause chain) is a UNIQUE or PRIMARY KEY violation. */
export function isConstraintViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const msg = String((e as { message?: unknown }).message ?? '');
    const code = String((e as { code?: unknown }).code ?? '');
    if (/UNIQUE constraint failed|PRIMARY KEY/i.test(msg) || /SQLITE_CONSTRAINT/.test(code)) return true;
  }
  return false;
}
