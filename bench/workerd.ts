/**
 * `workerd`: bench/district.ts's officer reads and 签到 burst against the real worker
 * (src/runtime/worker.ts bundled by wrangler, in workerd) over a local D1, at a smaller district
 * (BENCH_WORKERD_SCALE of the 1,000 branches, default 0.1: 100 branches, ~5,000 members) against
 * one branch, in one run. The D1 file is seeded by scripts/seed/district.ts before workerd starts
 * (after `wrangler d1 migrations apply --local`), as nothing writes 300,000 rows through chat
 * quickly; the worker then serves it with the real clock (the seed's year ends now).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';
import type { SqlClient, SqlStatement } from '../src/contracts/store.js';
import { bindable } from '../src/db/statements.js';
import { DISTRICT_SHAPE, ONE_BRANCH_SHAPE, seedDistrict, type DistrictShape } from '../scripts/seed/district.js';
import { startLocalWorker, WORKER_CORE_TOKEN, type LocalWorker } from '../test/helpers/worker.js';
import { DistrictClient, message } from './district-client.js';
import { checkinMembers, openMeetings, type HttpSite } from './district-site.js';
import { latency, readCases } from './district-cases.js';
import { tabulate, type Figures, type SiteResult } from './district-table.js';
import type { Benchmark } from './lib.js';

const SCALE = Number(process.env.BENCH_WORKERD_SCALE ?? 0.1);
const N = Number(process.env.BENCH_WORKERD_N ?? 20);
const CAP_MS = Number(process.env.BENCH_WORKERD_CAP_S ?? 15) * 1000;
const CONNECTIONS = Number(process.env.BENCH_WORKERD_CONNECTIONS ?? 20);
const BURST_BRANCHES = 50;
const BURST_PER_BRANCH = 20;

/** The local D1's SQLite file under wrangler's persist directory. */
function d1File(persist: string): string {
  const dir = join(persist, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) throw new Error(`no D1 file in ${dir}`);
  return join(dir, file);
}

/** The seed's client over a plain libSQL connection on that file. */
function fileClient(db: Database.Database): SqlClient {
  const one = (stmt: SqlStatement) => {
    const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: [] } : stmt;
    const s = db.prepare(sql);
    const params = Array.isArray(args) ? bindable(args) : (args ?? []);
    if (s.reader) return { rows: s.all(params) as Record<string, unknown>[], rowsAffected: 0 };
    return { rows: [], rowsAffected: s.run(params).changes };
  };
  return {
    execute: async (stmt) => one(stmt),
    batch: async (stmts) => {
      db.exec('BEGIN');
      const out = stmts.map(one);
      db.exec('COMMIT');
      return out;
    },
    executeMultiple: async (sql) => void db.exec(sql),
    close: () => db.close(),
  };
}

async function workerSite(name: string, shape: DistrictShape) {
  const now = new Date();
  let db: Database.Database | undefined;
  let seeded: Awaited<ReturnType<typeof seedDistrict>> | undefined;
  const worker: LocalWorker = await startLocalWorker(
    { PUBLIC_URL: 'http://127.0.0.1:8787' },
    {
      prepare: async (persist) => {
        db = new Database(d1File(persist));
        seeded = await seedDistrict(fileClient(db), { now, shape });
      },
    },
  );
  const auth = { authorization: `Bearer ${WORKER_CORE_TOKEN}` };
  const site: HttpSite = {
    name,
    origin: worker.url.origin,
    seeded: seeded!,
    now,
    headers: auth,
    request: (path, init) => worker.fetch(path, init),
    // Reads beside workerd's connection (SQLite's locks keep them apart); set-up only.
    query: async (sql, args = []) => db!.prepare(sql).all(args) as Record<string, unknown>[],
  };
  return { site, close: async () => (db?.close(), await worker.close()) };
}

async function measure(s: HttpSite, client: DistrictClient, log: (m: string) => void): Promise<SiteResult> {
  const rows = new Map<string, Figures>();
  const samples: Record<string, string> = {};
  const base = { origin: s.origin, headers: s.headers };
  const cases = await readCases(s);
  // A fresh workerd compiles as it goes: one pass over every case first, not timed.
  for (const [, requests] of cases) await client.run({ ...base, requests, concurrency: 1, max: 1, capMs: 0 });
  for (const [label, requests] of cases) {
    const r = await client.run({ ...base, requests, concurrency: 1, max: N, capMs: CAP_MS, min: 2, expect: '' });
    if (r.firstMismatch) samples[label] = r.firstMismatch;
    const f = latency(r);
    rows.set(label, f);
    log(`${s.name}: ${label} p50 ${f.p50} ms p95 ${f.p95} ms (${f.n})`);
  }
  const branches = s.seeded.branchIds.slice(0, BURST_BRANCHES);
  const people = await checkinMembers(s, branches, branches.length > 1 ? BURST_PER_BRANCH : 1000);
  await openMeetings(s, branches);
  const { platform } = s.seeded;
  const checkins = people.map(([b, m], i) =>
    message({ platform, chatId: `oc_${b}`, chatType: 'group', senderId: `ou_${m}`, messageId: `c${i}`, text: '签到' }),
  );
  const burst = await client.run({
    ...base,
    requests: checkins,
    concurrency: CONNECTIONS,
    max: checkins.length,
    capMs: Infinity,
    expect: '签到成功',
  });
  const label = `签到 burst (${CONNECTIONS} connections)`;
  if (burst.firstMismatch) samples[label] = burst.firstMismatch;
  const f = { ...latency(burst), perSec: Math.round((burst.ms.length / burst.wallMs) * 1000) };
  rows.set(label, f);
  log(`${s.name}: ${label} ${f.n}, p99 ${f.p99} ms, errors ${f.errors}`);
  return { rows, samples, details: { counts: s.seeded.counts } };
}

export const workerdBench: Benchmark = {
  name: 'workerd',
  description: 'district reads and 签到 burst on the worker in workerd over local D1 (smaller district) vs one branch',
  async run({ log }) {
    const client = new DistrictClient();
    const results = new Map<string, SiteResult>();
    const shape = { ...DISTRICT_SHAPE, branchesPerGeneral: Math.max(1, Math.round(50 * SCALE)) };
    try {
      for (const [name, sh] of [
        ['district', shape],
        ['one branch', ONE_BRANCH_SHAPE],
      ] as const) {
        log(`seeding ${name} into local D1 and starting workerd`);
        const { site, close } = await workerSite(name, sh);
        log(`${name}: ${JSON.stringify(site.seeded.counts)}`);
        try {
          results.set(name, await measure(site, client, log));
        } finally {
          await close();
        }
      }
    } finally {
      await client.stop();
    }
    const out = tabulate(results, { N, CAP_MS, BURST_BRANCHES, BURST_PER_BRANCH, CONNECTIONS });
    // Issue 24 sets the reads' p95 <= 50 ms on the embedded store; on D1 they are measured (the
    // local D1 of workerd, at a tenth of the district), the 签到 burst's target stands.
    for (const r of out.rows) if (!r.name.startsWith('签到')) r.targets = [];
    out.notes = [
      'reads on D1 are measured, not held to p95 <= 50 ms: issue 24 sets that target for the embedded store',
      `scale: ${shape.generalBranches * shape.branchesPerGeneral} branches (${SCALE} of the district), ` +
        `${results.get('district')!.details.counts ? JSON.stringify(results.get('district')!.details.counts) : ''}`,
      ...(out.notes ?? []).filter((n) => !n.startsWith('memory') && !n.startsWith('database')),
    ];
    return out;
  },
};
