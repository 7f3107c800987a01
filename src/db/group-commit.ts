import type { Query } from 'drizzle-orm';

/** The statements one transaction needs, on one connection, all synchronous. */
export interface TransactionRunner {
  begin(): void;
  run(q: Query): void;
  commit(): void;
  /** Rolls back the open transaction, if any. */
  rollback(): void;
  /**
   * Resolves once what was committed before the call is on the disk (src/db/wal-sync.ts), when
   * the commit itself does not sync; the group's batches resolve only after it.
   */
  durable?(): Promise<void>;
}

interface Pending {
  queries: Query[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Counters, for tests and benchmarks. */
export interface GroupCommitStats {
  /** Transactions committed (or tried). */
  transactions: number;
  /** Batches committed together with at least one other. */
  grouped: number;
  /** Groups rolled back because one batch failed, and re-run one batch per transaction. */
  fallbacks: number;
}

/**
 * Group commit: the batches submitted while the event loop is busy with other messages (up to
 * the next check phase) are written in ONE transaction, so the commit's cost (locking, the WAL
 * frames of every page touched, checkpoints) is shared by all of them.
 *
 * Each batch keeps its own guarantees:
 * - its promise resolves only after the COMMIT that contains it returned and, where the commit
 *   does not sync, after the runner's `durable()` barrier, so nothing is answered before it is on
 *   the disk;
 * - it is atomic: if any statement of the group fails, the whole group is rolled back and every
 *   batch is run again in a transaction of its own, in the same order, so only the batch that
 *   fails (as it would have failed alone, after the ones before it) is rejected, with the error
 *   the engine raised (a UNIQUE/PK violation stays recognisable for the dispatcher's re-run);
 * - order is submission order, as if each had committed alone one after another.
 * A failure to BEGIN (another process holding the lock past the busy timeout) rejects the whole
 * group without retrying each.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  readonly stats: GroupCommitStats = { transactions: 0, grouped: 0, fallbacks: 0 };

  constructor(private readonly tx: TransactionRunner) {}

  /** Queues one batch; resolves once it is committed. */
  submit(queries: Query[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ queries, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued now (also called before the connection closes). */
  flush(): void {
    this.scheduled = false;
    const group = this.queue;
    if (group.length === 0) return;
    this.queue = [];
    const committed: Pending[] = [];
    if (group.length === 1) {
      if (settle(group[0]!, () => this.transaction(group))) committed.push(group[0]!);
    } else {
      try {
        this.transaction(group);
        this.stats.grouped += group.length;
        committed.push(...group);
      } catch (err) {
        if (err instanceof BeginFailed) {
          for (const p of group) p.reject(err.cause);
          return;
        }
        this.stats.fallbacks++;
        for (const p of group) if (settle(p, () => this.transaction([p]))) committed.push(p);
      }
    }
    if (committed.length === 0) return;
    if (!this.tx.durable) {
      for (const p of committed) p.resolve();
      return;
    }
    // Answered only once on the disk; a failed sync fails them (the rows may still be there).
    this.tx.durable().then(
      () => committed.forEach((p) => p.resolve()),
      (err: unknown) => committed.forEach((p) => p.reject(err)),
    );
  }

  private transaction(items: Pending[]): void {
    this.stats.transactions++;
    try {
      this.tx.begin();
    } catch (err) {
      throw new BeginFailed(err);
    }
    try {
      for (const p of items) for (const q of p.queries) this.tx.run(q);
      this.tx.commit();
    } catch (err) {
      this.tx.rollback();
      throw err;
    }
  }
}

class BeginFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('BEGIN failed', { cause });
  }
}

/** Runs `fn` for one batch: false (and the batch rejected) if it threw. */
function settle(p: Pending, fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch (err) {
    p.reject(err instanceof BeginFailed ? err.cause : err);
    return false;
  }
}
