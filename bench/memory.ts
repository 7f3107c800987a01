/**
 * `memory`: process memory over a long stream of handled messages (issue 24: flat, <= 10% growth over
 * 1,000,000). The district of bench/district.ts (scripts/seed/district.ts) served by the real app on a
 * real HTTP server (bench/district-site.ts), the client in a worker thread (bench/district-client.ts)
 * sending the chatter mix of bench/district-cases.ts at BENCH_MEMORY_CONNECTIONS, every message with
 * a fresh id (so none is answered from the stored answers of messages that wrote: each is handled).
 *
 * After a warm-up of one pass over the mix, the stream goes in BENCH_MEMORY_SAMPLES segments; after
 * each: heap after a forced GC, RSS and its anonymous and file-backed parts (/proc/self/status: the
 * database is memory-mapped, so its pages count in RSS as file pages the kernel can drop), and the
 * database file. Growth is from the first sample to the last; BENCH_MEMORY_CAP_S stops a slow run
 * early (the row says how many messages it reached).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DISTRICT_SHAPE } from '../scripts/seed/district.js';
import { chatterMix, latency } from './district-cases.js';
import { DistrictClient } from './district-client.js';
import { checkinMembers, openMeetings, openSite } from './district-site.js';
import { round, target, type Benchmark, type Check, type Row } from './lib.js';

const MESSAGES = Number(process.env.BENCH_MEMORY_MESSAGES ?? 1_000_000);
const SAMPLES = Math.max(2, Number(process.env.BENCH_MEMORY_SAMPLES ?? 10));
const CONNECTIONS = Number(process.env.BENCH_MEMORY_CONNECTIONS ?? 10);
const CAP_MS = Number(process.env.BENCH_MEMORY_CAP_S ?? 1800) * 1000;
const SCALE = Number(process.env.BENCH_MEMORY_SCALE ?? 1);
const TARGET_GROWTH_PCT = 10;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Sample {
  messages: number;
  heapMiB: number;
  rssMiB: number;
  rssAnonMiB: number;
  rssFileMiB: number;
  dbMiB: number;
  perSec: number;
  p99: number;
}

/** RssAnon and RssFile of this process in MiB (Linux; 0 where /proc is missing). */
function rssParts(): { anon: number; file: number } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { anon: kib('RssAnon') / 1024, file: (kib('RssFile') + kib('RssShmem')) / 1024 };
  } catch {
    return { anon: 0, file: 0 };
  }
}

const fileMiB = (path: string) => (existsSync(path) ? statSync(path).size / 2 ** 20 : 0);
const growth = (a: number, b: number) => round(((b - a) / a) * 100, 1);

export const memoryBench: Benchmark = {
  name: 'memory',
  description: 'heap after GC and RSS over 1,000,000 handled messages on the district (chatter, 帮助, 会议列表, 签到)',
  async run({ log }) {
    const client = new DistrictClient();
    const shape = {
      ...DISTRICT_SHAPE,
      branchesPerGeneral: Math.max(1, Math.round(DISTRICT_SHAPE.branchesPerGeneral * SCALE)),
    };
    const s = await openSite('district', shape);
    log(`seeded in ${Math.round(s.seedMs)} ms: ${JSON.stringify(s.seeded.counts)}`);
    const samples: Sample[] = [];
    let errors = 0;
    let sent = 0;
    let firstMismatch: string | undefined;
    let warmN = 0;
    try {
      const branches = s.seeded.branchIds.slice(0, 200);
      await openMeetings(s, branches);
      const mix = chatterMix(s.seeded.platform, await checkinMembers(s, branches, 10));
      const base = { origin: s.origin, requests: mix, concurrency: CONNECTIONS, uniqueIds: true };
      const warm = await client.run({ ...base, max: mix.length, capMs: Infinity });
      errors += warm.errors + warm.non2xx;
      sent = warm.ms.length;
      warmN = sent;
      const sample = (messages: number, perSec: number, p99: number) => {
        gc();
        const { anon, file } = rssParts();
        const x: Sample = {
          messages,
          heapMiB: round(process.memoryUsage().heapUsed / 2 ** 20, 1),
          rssMiB: round(process.memoryUsage().rss / 2 ** 20, 0),
          rssAnonMiB: round(anon, 0),
          rssFileMiB: round(file, 0),
          dbMiB: round(fileMiB(s.dbPath) + fileMiB(`${s.dbPath}-wal`), 0),
          perSec,
          p99,
        };
        samples.push(x);
        log(`${messages} messages: ${JSON.stringify(x)}`);
      };
      sample(0, 0, 0);
      const t0 = performance.now();
      const per = Math.ceil(MESSAGES / SAMPLES);
      for (let done = 0; done < MESSAGES;) {
        const left = CAP_MS - (performance.now() - t0);
        if (left <= 0) break;
        const r = await client.run({ ...base, max: Math.min(per, MESSAGES - done), capMs: left, offset: sent });
        errors += r.errors + r.non2xx;
        firstMismatch ??= r.firstMismatch;
        done += r.ms.length;
        sent += r.ms.length;
        sample(done, round((r.ms.length / r.wallMs) * 1000, 0), latency(r).p99);
      }
    } finally {
      await s.close();
      await client.stop();
    }
    const first = samples[0]!;
    const mid = samples[Math.floor((samples.length - 1) / 2)]!;
    const last = samples.at(-1)!;
    const figures = {
      messages: last.messages,
      heapStart: first.heapMiB,
      heapMiddle: mid.heapMiB,
      heapEnd: last.heapMiB,
      heapGrowthPct: growth(first.heapMiB, last.heapMiB),
      heapMaxGrowthPct: Math.max(...samples.map((x) => growth(first.heapMiB, x.heapMiB))),
      rssStart: first.rssMiB,
      rssEnd: last.rssMiB,
      rssAnonStart: first.rssAnonMiB,
      rssAnonEnd: last.rssAnonMiB,
      rssAnonGrowthPct: growth(first.rssAnonMiB, last.rssAnonMiB),
      dbGrowthMiB: last.dbMiB - first.dbMiB,
    };
    const row: Row = {
      name: `${last.messages.toLocaleString('en-US')} handled messages`,
      figures,
      targets: [
        target(figures, 'heapGrowthPct', '<=', TARGET_GROWTH_PCT, `heap after GC growth <= ${TARGET_GROWTH_PCT}%`),
        target(figures, 'rssAnonGrowthPct', '<=', TARGET_GROWTH_PCT, `anonymous RSS growth <= ${TARGET_GROWTH_PCT}%`),
      ],
    };
    const checks: Check[] = [
      {
        label: 'every message answered 2xx',
        ok: errors === 0,
        detail: `${errors} errors${firstMismatch ? `; first: ${firstMismatch}` : ''}`,
      },
      {
        label: `reached ${MESSAGES.toLocaleString('en-US')} messages within ${CAP_MS / 1000} s`,
        ok: last.messages >= MESSAGES,
        detail: `${last.messages} after the warm-up`,
      },
    ];
    return {
      columns: [
        { key: 'messages', label: 'messages' },
        { key: 'heapStart', label: 'heap start MiB', digits: 1 },
        { key: 'heapMiddle', label: 'middle', digits: 1 },
        { key: 'heapEnd', label: 'end', digits: 1 },
        { key: 'heapGrowthPct', label: 'heap growth %', digits: 1 },
        { key: 'rssStart', label: 'RSS start MiB' },
        { key: 'rssEnd', label: 'RSS end MiB' },
        { key: 'rssAnonStart', label: 'anon RSS start' },
        { key: 'rssAnonEnd', label: 'anon RSS end' },
        { key: 'dbGrowthMiB', label: 'db growth MiB' },
      ],
      rows: [row],
      checks,
      notes: [
        `${CONNECTIONS} connections, a warm-up of one pass over the mix (${warmN} messages), ` +
          `then ${SAMPLES} segments; ` +
          'heap after a forced GC in the server process; RSS includes the client worker thread.',
        'RSS file pages are the memory-mapped database (the kernel drops them under pressure); anonymous RSS is ' +
          'the heap, native buffers and the engine page cache.',
        'every message has a fresh id, so each is handled; those that write store their answer (db growth: the ' +
          'clock is fixed, so retention does not run).',
      ],
      details: { samples, scale: SCALE },
    };
  },
};
