import { Worker } from 'node:worker_threads';
import type { Thumbnail, Thumbnailer } from '../../contracts/files.js';

/** A thumbnail not made within this long is given up (the thread is restarted). */
export const THUMBNAIL_TIMEOUT_MS = 30_000;

interface Pending {
  resolve(t: Thumbnail | null): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Thumbnails made by jimp (pure JavaScript, no install script, no native module) in one worker
 * thread, started on first use and left unreferenced so it never keeps the process alive. An
 * image it cannot read (or a thread that dies, e.g. on a decompression bomb past its memory
 * limit) gives null: the photo is kept without a thumbnail.
 */
export class WorkerThumbnailer implements Thumbnailer {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;

  thumbnail(bytes: Uint8Array, maxSide: number): Promise<Thumbnail | null> {
    const worker = this.start();
    const id = ++this.seq;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.restart(), THUMBNAIL_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
      worker.postMessage({ id, bytes: bytes.slice(), maxSide });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    this.settleAll();
    await w?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./thumbnail-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    w.unref();
    w.on('message', (m: { id: number; ok: boolean; bytes?: Uint8Array; width?: number; height?: number }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      p.resolve(m.ok && m.bytes ? { bytes: m.bytes, width: m.width ?? 0, height: m.height ?? 0 } : null);
    });
    w.on('error', () => this.restart());
    w.on('exit', () => {
      if (this.worker === w) this.worker = undefined;
      this.settleAll();
    });
    this.worker = w;
    return w;
  }

  private restart(): void {
    const w = this.worker;
    this.worker = undefined;
    this.settleAll();
    void w?.terminate();
  }

  private settleAll(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.resolve(null);
    }
    this.pending.clear();
  }
}
