import type { Db, Write } from '../db/store.js';

/**
 * A unit of work: reads go to `db` at once, writes are collected and committed together in
 * one atomic batch by whoever owns the work (the dispatcher for a chat message).
 */
export class Work {
  readonly writes: Write[] = [];

  constructor(
    readonly db: Db,
    readonly now: Date,
  ) {}

  write(...w: Write[]): void {
    this.writes.push(...w);
  }
}

/** A short random id for rows people never type. */
export function newId(): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, 16);
}
