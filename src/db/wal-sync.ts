import fs from 'node:fs';
import { dirname } from 'node:path';

/** Counters, for tests and benchmarks. */
export interface WalSyncStats {
  /** fdatasync calls of the WAL file completed. */
  syncs: number;
  /** Barriers (one per group commit) they covered. */
  barriers: number;
}

/**
 * Makes the group commit durable without stalling the event loop: the group's transaction commits
 * with synchronous=NORMAL (SQLite writes the WAL frames to the OS but does not sync them), then
 * `barrier()` fdatasyncs the WAL file on libuv's thread pool, and the group's batches resolve
 * only after that returned. What is answered is thus on the disk, as with synchronous=FULL (a
 * sync of the WAL inside COMMIT), but the ~1–10 ms of the sync are spent off the thread that
 * serves messages, and one sync covers every group committed while the previous one ran.
 *
 * Why this holds across a power cut: the WAL is append-only between checkpoints and fdatasync
 * flushes every frame written to the file before the call, so a barrier requested after a
 * COMMIT returned covers that commit. A barrier requested while a sync is in flight waits for
 * the next one (the running sync may have started before its frames were written). Checkpoints
 * sync the WAL and the database themselves before the WAL is reused or truncated (same inode).
 */
export class WalSync {
  private fd: number | undefined;
  private running = false;
  private waiting: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  readonly stats: WalSyncStats = { syncs: 0, barriers: 0 };

  /** `walPath` is `<database>-wal`, which exists once the database is open in WAL mode. */
  constructor(private readonly walPath: string) {
    // The WAL file's directory entry must survive a power cut too (it is created at open).
    const dir = fs.openSync(dirname(walPath), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  }

  /** Resolves once everything written to the WAL before this call is on the disk. */
  barrier(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.running) this.start();
    });
  }

  /** Waits for the syncs requested so far, then closes the file. */
  async close(): Promise<void> {
    if (this.running || this.waiting.length) await this.barrier().catch(() => {});
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private start(): void {
    const covered = this.waiting;
    this.waiting = [];
    this.running = true;
    // Opened once: SQLite keeps the same WAL file (truncating it, never replacing it) while a
    // connection of this process is open.
    this.fd ??= fs.openSync(this.walPath, 'r');
    // Looked up at call time, so a test can hold a sync back (test/src/db/wal-sync.test.ts).
    fs.fdatasync(this.fd, (err) => {
      this.running = false;
      this.stats.syncs++;
      this.stats.barriers += covered.length;
      for (const w of covered) {
        if (err) w.reject(err);
        else w.resolve();
      }
      if (this.waiting.length) this.start();
    });
  }
}
