/**
 * `records`: what a meeting photo costs when it is kept. jimp (pure JavaScript, chosen because it
 * installs without scripts and needs no native module) decodes and scales a photo in about a
 * second per 6 megapixels; the question is whether the thread that answers messages waits for it.
 * Each photo size is thumbnailed ROUNDS times on the main thread and in the worker thread
 * (src/runtime/files/thumbnailer.ts), while a 5 ms timer on the main thread records its longest
 * stall; the type check (file-type) is timed beside it.
 *
 * Env: RECORDS_ROUNDS (default 3).
 */
import { Jimp } from 'jimp';
import { performance } from 'node:perf_hooks';
import { WorkerThumbnailer } from '../src/runtime/files/thumbnailer.js';
import { checkFileType } from '../src/services/records/file-check.js';
import { jpegBytes } from '../test/helpers/records.js';
import { median, round, target, type Benchmark, type Row } from './lib.js';

const THUMB_PX = 800;
/** The worker thread must leave the main thread at least this much less stalled than doing it there. */
const MIN_STALL_RATIO = 10;

function envInt(name: string, def: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : def;
}

/** Runs `work` while a 5 ms timer measures the main thread's longest stall. */
async function withStallMeter(work: () => Promise<void>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(0, worst);
}

async function onMain(bytes: Uint8Array): Promise<void> {
  const img = await Jimp.read(Buffer.from(bytes));
  img.scaleToFit({ w: THUMB_PX, h: THUMB_PX });
  await img.getBuffer('image/jpeg', { quality: 80 });
}

export const recordsBench: Benchmark = {
  name: 'records',
  description: 'meeting photos: thumbnails on the main thread vs the worker thread (main-thread stall), type check',
  async run(ctx) {
    const rounds = envInt('RECORDS_ROUNDS', 3);
    const sizes = [
      { label: '1.6 MP (1440×1080, a WeChat photo)', w: 1440, h: 1080 },
      { label: '6 MP (3000×2000, a phone original)', w: 3000, h: 2000 },
    ];
    const thumbs = new WorkerThumbnailer();
    const rows: Row[] = [];
    const details: Record<string, unknown> = { rounds, thumbPx: THUMB_PX };
    try {
      for (const s of sizes) {
        ctx.log(`making a ${s.w}×${s.h} JPEG`);
        const bytes = await jpegBytes(s.w, s.h);
        await thumbs.thumbnail(bytes, THUMB_PX); // start the thread and warm it up
        await onMain(bytes);
        const mainMs: number[] = [];
        const workerMs: number[] = [];
        const mainStall = await withStallMeter(async () => {
          for (let i = 0; i < rounds; i++) {
            const t0 = performance.now();
            await onMain(bytes);
            mainMs.push(performance.now() - t0);
          }
        });
        const workerStall = await withStallMeter(async () => {
          for (let i = 0; i < rounds; i++) {
            const t0 = performance.now();
            const t = await thumbs.thumbnail(bytes, THUMB_PX);
            if (!t) throw new Error('no thumbnail');
            workerMs.push(performance.now() - t0);
          }
        });
        const typeMs: number[] = [];
        for (let i = 0; i < rounds * 20; i++) {
          const t0 = performance.now();
          await checkFileType(bytes, { kind: 'image', name: 'a.jpg' });
          typeMs.push(performance.now() - t0);
        }
        const figures = {
          kib: round(bytes.byteLength / 1024, 0),
          mainMs: round(median(mainMs), 0),
          mainStallMs: round(mainStall, 0),
          workerMs: round(median(workerMs), 0),
          workerStallMs: round(workerStall, 0),
          stallRatio: round(mainStall / Math.max(workerStall, 1), 1),
          typeCheckMs: round(median(typeMs), 3),
        };
        rows.push({
          name: s.label,
          figures,
          targets: [target(figures, 'stallRatio', '>=', MIN_STALL_RATIO, `stall ratio >= ${MIN_STALL_RATIO}x`)],
        });
        details[s.label] = { mainMs, workerMs, typeMs: typeMs.slice(0, 10) };
      }
    } finally {
      await thumbs.close();
    }
    return {
      columns: [
        { key: 'kib', label: 'JPEG KiB' },
        { key: 'mainMs', label: 'main thread ms' },
        { key: 'mainStallMs', label: 'stall (main) ms' },
        { key: 'workerMs', label: 'worker ms' },
        { key: 'workerStallMs', label: 'stall (worker) ms' },
        { key: 'stallRatio', label: 'stall ratio', digits: 1 },
        { key: 'typeCheckMs', label: 'file-type ms', digits: 3 },
      ],
      rows,
      notes: [
        'median of RECORDS_ROUNDS per photo; "stall": the longest the main thread could not run a 5 ms timer',
        'on the main thread the rounds run back to back without yielding, so its stall spans several photos',
        'Workers make no thumbnails (pure-JS decoding costs about this much CPU per photo)',
      ],
      details,
    };
  },
};
