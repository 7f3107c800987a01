import type { Db, Write } from './store.js';

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

  /**
   * What committing this work makes stale in the organisation cache: 'all', or the identity keys
   * ("platform:userId") of senders whose record changed.
   */
  readonly orgChanges = new Set<string>();

  write(...w: Write[]): void {
    this.writes.push(...w);
  }

  /** Marks what committing this work makes stale: one sender, or (default) the whole organisation. */
  touchOrg(identity: string = 'all'): void {
    this.orgChanges.add(identity);
  }
}

/** A short random id for rows people never type. */
export function newId(): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, 16);
}
