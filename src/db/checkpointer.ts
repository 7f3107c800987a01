import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the background thread checkpoints, in milliseconds. */
export const CHECKPOINT_EVERY_MS = 100;
/** Above this WAL size the background thread checkpoints with TRUNCATE (briefly holding off writers). */
export const WAL_TRUNCATE_ABOVE_BYTES = 64 * 1024 * 1024;

export interface CheckpointerOptions {
  /** The database file (its WAL is `<path>-wal`). */
  path: string;
  busyTimeoutMs: number;
  everyMs?: number;
  truncateAboveBytes?: number;
  /** Called if the thread stops by itself (an error): the caller takes checkpoints back. */
  onFailure(err: unknown): void;
}

// CommonJS, evaluated in the worker thread; `libsql` is resolved by the main thread.
const WORKER_SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(w.libsql);
const db = new Database(w.path, { timeout: w.busyTimeoutMs });
db.exec('PRAGMA busy_timeout = ' + w.busyTimeoutMs);
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const truncate = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)');
let size = 0;
const tick = () => {
  try { size = statSync(w.path + '-wal').size; } catch { size = 0; }
  const mode = size > w.truncateAboveBytes ? 'truncate' : 'passive';
  try {
    (mode === 'truncate' ? truncate : passive).all([]);
    parentPort.postMessage({ checkpoint: mode });
  } catch (err) {
    // SQLITE_BUSY past the timeout: try again at the next tick.
    parentPort.postMessage({ busy: String((err && err.message) || err) });
  }
};
const timer = setInterval(tick, w.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  process.exit(0);
});
parentPort.postMessage({ ready: true });
`;

/**
 * Checkpoints a WAL database from a worker thread with its own connection, so the thread serving
 * messages never waits for a checkpoint's fsyncs (about 10 ms each here; SQLite's automatic
 * checkpoint runs them inside the commit that crosses 1000 WAL pages, stalling every message).
 * Durability is unchanged: a commit is as durable as before the moment it returns; checkpoints
 * only copy committed pages from the WAL into the database file.
 *
 * PASSIVE checkpoints never block writers; under sustained writing the WAL cannot restart from
 * its beginning, so past WAL_TRUNCATE_ABOVE_BYTES a TRUNCATE checkpoint (which holds writers off
 * for its duration, through their busy timeout) brings it back to zero.
 */
export class Checkpointer {
  private readonly worker: Worker;
  private stopping = false;
  /** Checkpoints run, for tests. */
  passive = 0;
  truncate = 0;
  readonly ready: Promise<void>;

  constructor(opts: CheckpointerOptions) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        libsql: createRequire(import.meta.url).resolve('libsql'),
        path: opts.path,
        busyTimeoutMs: opts.busyTimeoutMs,
        everyMs: opts.everyMs ?? CHECKPOINT_EVERY_MS,
        truncateAboveBytes: opts.truncateAboveBytes ?? WAL_TRUNCATE_ABOVE_BYTES,
      },
    });
    this.worker.unref();
    let onReady: () => void = () => {};
    this.ready = new Promise((resolve) => (onReady = resolve));
    this.worker.on('message', (m: { ready?: boolean; checkpoint?: 'passive' | 'truncate' }) => {
      if (m.ready) onReady();
      else if (m.checkpoint) this[m.checkpoint]++;
    });
    const failed = (err: unknown) => {
      if (this.stopping) return;
      this.stopping = true;
      onReady();
      opts.onFailure(err);
    };
    this.worker.on('error', failed);
    this.worker.on('exit', (code) => failed(new Error(`checkpoint thread exited with code ${code}`)));
  }

  /** Stops the thread and closes its connection. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // Unreferenced while it runs (it must not keep a finished process alive), but waited for here.
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
  }
}
