/**
 * `district`: issue 24's district (scripts/seed/district.ts: 1 区委 → 20 总支 → 1,000 支部, ~50,000
 * members, 10,000 meetings and a year of notices, confirmations and pairing) against the one-branch
 * database the same generator builds, in one run, both served over HTTP by the real app (a real
 * server on 127.0.0.1; the client runs in a worker thread, bench/district-client.ts).
 *
 * Rows, for each database: every read command an officer uses (one request at a time, p50/p95;
 * each case stops after BENCH_DISTRICT_N requests or BENCH_DISTRICT_CAP_S seconds, at least 2);
 * the 看板's data endpoints; a 签到 burst (members of 200 branches checking in to an open 党员大会,
 * 25 each, 5,000 in all, compressed from 5 minutes to as fast as BENCH_DISTRICT_CONNECTIONS
 * connections go; the one branch: its members, once each); a notice of the 区委 to every bound
 * chat enqueued (确认发送); memory over as many handled messages as BENCH_DISTRICT_MEMORY_S seconds
 * allow (heap after GC, growth from the first measurement after warm-up); the database size after
 * a simulated year of bookkeeping with the retention passes (bench/district-site.ts).
 */
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DISTRICT_SHAPE, ONE_BRANCH_SHAPE } from '../scripts/seed/district.js';
import { DistrictClient, message } from './district-client.js';
import { chatterMix, latency, readCases } from './district-cases.js';
import {
  checkinMembers,
  draftToEveryBranch,
  openMeetings,
  openSite,
  simulateYear,
  type Site,
} from './district-site.js';
import { quantile, round, type Benchmark } from './lib.js';
import { tabulate, type Figures, type SiteResult } from './district-table.js';

const N = Number(process.env.BENCH_DISTRICT_N ?? 30);
const CAP_MS = Number(process.env.BENCH_DISTRICT_CAP_S ?? 20) * 1000;
const CONNECTIONS = Number(process.env.BENCH_DISTRICT_CONNECTIONS ?? 50);
const MEMORY_MS = Number(process.env.BENCH_DISTRICT_MEMORY_S ?? 60) * 1000;
/** A fraction of the district's branches per 总支 (1 = issue 24's 1,000), for quick runs. */
const SCALE = Number(process.env.BENCH_DISTRICT_SCALE ?? 1);
const BURST_BRANCHES = 200;
const BURST_PER_BRANCH = 25;
/** The paced burst arrives this many times faster than 5,000 members in 5 minutes. */
const SPEEDUP = Number(process.env.BENCH_DISTRICT_SPEEDUP ?? 10);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const apology = '处理时出错了';

async function measureSite(s: Site, client: DistrictClient, log: (m: string) => void): Promise<SiteResult> {
  const rows = new Map<string, Figures>();
  const load = [round(loadavg()[0]!, 1)];
  const samples: Record<string, string> = {};
  const { platform, branchIds, rootSecretary } = s.seeded;
  for (const [label, requests] of await readCases(s)) {
    // One untimed request first (its answer is the sample): the timing starts with warm caches
    // (senders, chat bindings, the unit tree, prepared statements), as bench/workerd.ts does.
    const answer = await (
      await fetch(s.origin + requests[0]!.path, {
        method: requests[0]!.method,
        body: requests[0]!.body,
        headers: { 'content-type': 'application/json', ...requests[0]!.headers },
      })
    ).text();
    const r = await client.run({
      origin: s.origin,
      requests,
      concurrency: 1,
      max: N,
      capMs: CAP_MS,
      min: 2,
      expect: '',
    });
    const f = latency(r);
    if (r.firstMismatch) samples[label] = r.firstMismatch;
    if (answer.includes(apology)) f.errors = Math.max(1, f.errors);
    samples[label] = answer.slice(0, 160);
    rows.set(label, f);
    log(`${s.name}: ${label} p50 ${f.p50} ms p95 ${f.p95} ms (${f.n}), ${f.kib} KiB`);
  }

  // 签到 burst: 200 open meetings (or the one branch's), 25 members each; once at SPEEDUP times the
  // issue's arrival rate (5,000 in 5 minutes), once as fast as CONNECTIONS connections go (the
  // first run's check-ins deleted in between, so each is a first 签到 again).
  const branches = branchIds.slice(0, BURST_BRANCHES);
  await openMeetings(s, branches);
  const people = await checkinMembers(s, branches, branches.length > 1 ? BURST_PER_BRANCH : 1000);
  const ratePerSec = (SPEEDUP * people.length) / 300;
  for (const [label, paced] of [
    [`签到 burst (${SPEEDUP}× the rate)`, true],
    ['签到 flood (max rate)', false],
  ] as const) {
    const tag = paced ? 'p' : 'f';
    const checkins = people.map(([b, m], i) =>
      message({
        platform,
        chatId: `oc_${b}`,
        chatType: 'group',
        senderId: `ou_${m}`,
        messageId: `${tag}${i}`,
        text: '签到',
      }),
    );
    const count = async () =>
      Number(
        (
          await s.store.client.execute(
            'SELECT count(*) AS n FROM attendance WHERE by_member_id IS NULL AND at >= ' + s.now.getTime(),
          )
        ).rows[0]!.n,
      );
    const before = await count();
    const burst = await client.run({
      origin: s.origin,
      requests: checkins,
      concurrency: paced ? Math.max(CONNECTIONS, 200) : CONNECTIONS,
      max: checkins.length,
      capMs: Infinity,
      expect: '签到成功',
      ...(paced ? { ratePerSec } : {}),
    });
    const added = (await count()) - before;
    const bf = { ...latency(burst), perSec: round((burst.ms.length / burst.wallMs) * 1000, 0), rowsAdded: added };
    if (burst.firstMismatch) samples[label] = burst.firstMismatch;
    rows.set(label, bf);
    log(`${s.name}: ${label} ${bf.n} in ${round(burst.wallMs, 0)} ms, p99 ${bf.p99} ms, errors ${bf.errors}`);
    await s.store.client.execute('DELETE FROM attendance WHERE at >= ' + s.now.getTime());
  }

  // A notice of the 区委 to every branch (a draft no chat command can write today: naming 1,000
  // branches passes the command limit), then 确认发送 over HTTP, timed.
  const enqueueMs: number[] = [];
  let outboxAdded = 0;
  for (let round_ = 0; round_ < 3; round_++) {
    await draftToEveryBranch(s, `区委通知：本周五下午集中学习（第${round_ + 1}次）`);
    const rows0 = Number((await s.store.client.execute('SELECT count(*) AS n FROM outbox')).rows[0]!.n);
    const from = `ou_${rootSecretary}`;
    const sent = await client.run({
      origin: s.origin,
      requests: [
        message({
          platform,
          chatId: from,
          chatType: 'direct',
          senderId: from,
          messageId: `send${round_}`,
          text: '确认发送',
        }),
      ],
      concurrency: 1,
      max: 1,
      capMs: Infinity,
      expect: '已发往',
    });
    if (sent.firstMismatch) samples['notice to every chat: 确认发送'] = sent.firstMismatch;
    enqueueMs.push(sent.ms[0]!);
    outboxAdded = Number((await s.store.client.execute('SELECT count(*) AS n FROM outbox')).rows[0]!.n) - rows0;
  }
  const sortedEnq = [...enqueueMs].sort((a, b) => a - b);
  rows.set('notice to every chat: 确认发送', {
    n: 3,
    p50: round(quantile(sortedEnq, 0.5), 2),
    p95: round(sortedEnq.at(-1)!, 2),
    outboxRows: outboxAdded,
    errors: 0,
  });

  // Memory: as many handled messages as the time allows. Most of what a bot in 1,000 groups sees is
  // chatter (no reply, no query); the rest here: 帮助 in groups, 会议列表 and repeated 签到.
  const mem = chatterMix(platform, people.slice(0, 2000));
  const warm = await client.run({
    origin: s.origin,
    requests: mem,
    concurrency: 10,
    max: 20_000,
    capMs: MEMORY_MS / 6,
    uniqueIds: true,
  });
  const heap0 = heapAfterGc();
  const rss0 = process.memoryUsage().rss / 2 ** 20;
  const m = await client.run({
    origin: s.origin,
    requests: mem,
    concurrency: 10,
    max: 1_000_000,
    capMs: MEMORY_MS,
    offset: warm.ms.length,
    uniqueIds: true,
  });
  const heap1 = heapAfterGc();
  const rss1 = process.memoryUsage().rss / 2 ** 20;
  rows.set('memory over handled messages', {
    n: m.ms.length,
    heapMiB: round(heap1, 1),
    heapGrowthPct: round(((heap1 - heap0) / heap0) * 100, 1),
    rssMiB: round(rss1, 0),
    rssGrowthPct: round(((rss1 - rss0) / rss0) * 100, 1),
    errors: m.errors + m.non2xx,
  });
  log(`${s.name}: memory ${m.ms.length} messages, heap ${round(heap0, 1)} → ${round(heap1, 1)} MiB`);

  const year = await simulateYear(s);
  rows.set('database after a year, with retention', {
    beforeMiB: round(year.beforeMiB, 1),
    afterMiB: round(year.afterMiB, 1),
    keptBookkeepingRows: Object.values(year.bookkeepingRowsKept).reduce((a, b) => a + b, 0),
    pruneMs: round(year.pruneMs, 0),
    errors: 0,
  });
  log(`${s.name}: year ${round(year.beforeMiB, 1)} MiB → ${round(year.afterMiB, 1)} MiB live after retention`);
  return {
    rows,
    samples,
    details: {
      seedMs: Math.round(s.seedMs),
      counts: s.seeded.counts,
      year,
      enqueueMs,
      loadAverage: [...load, round(loadavg()[0]!, 1)],
    },
  };
}

export const districtBench: Benchmark = {
  name: 'district',
  description:
    'every officer read, 签到 burst, notice fan-out, memory and size: district (1,000 branches) vs one branch',
  async run({ log }) {
    const client = new DistrictClient();
    const results = new Map<string, SiteResult>();
    try {
      for (const [name, shape] of [
        [
          'district',
          { ...DISTRICT_SHAPE, branchesPerGeneral: Math.max(1, Math.round(DISTRICT_SHAPE.branchesPerGeneral * SCALE)) },
        ],
        ['one branch', ONE_BRANCH_SHAPE],
      ] as const) {
        log(`seeding ${name}`);
        const s = await openSite(name, shape);
        log(`seeded ${name} in ${Math.round(s.seedMs)} ms: ${JSON.stringify(s.seeded.counts)}`);
        try {
          results.set(name, await measureSite(s, client, log));
        } finally {
          await s.close();
        }
      }
    } finally {
      await client.stop();
    }
    return tabulate(results, { N, CAP_MS, BURST_BRANCHES, BURST_PER_BRANCH, CONNECTIONS, SPEEDUP });
  },
};
