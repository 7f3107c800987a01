/**
 * `scheduler`: what reminders cost to schedule and to find.
 *
 *   schedule   10k meetings x 3 offsets (1 天, 1 小时, 15 分钟; quiet hours 22:00-07:00): planning
 *              (offsets, quiet-hours moves, dedupe) and the insert of the 30k reminder rows in one
 *              batch (one INSERT … SELECT FROM json_each). Median of BENCH_SCHED_ROUNDS, each on
 *              an empty reminders table.
 *   tick       one Scheduler.tickOnce among 100k pending reminders (due over the next 90 days) when
 *              10 are due: find (indexed), lease, word (meetings, chats, roster, attendance, accounts),
 *              enqueue and mark sent in one batch. The periodic jobs' slots are taken beforehand,
 *              so the tick is the reminders' work alone.
 *   idle tick  the same with nothing due: one indexed lookup per job slot and one for reminders.
 *
 * Env: BENCH_SCHED_ROUNDS (default 5), BENCH_SCHED_TICKS (default 30), BENCH_SCHED_MEETINGS (10000),
 * BENCH_SCHED_PENDING (100000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/contracts/config/index.js';
import { openStore } from '../src/db/open.js';
import { createLogger } from '../src/contracts/log.js';
import { claimDue, dueIds } from '../src/services/reminders/fire.js';
import { planAll, writePlanned } from '../src/services/reminders/plan.js';
import { OrgCache } from '../src/services/org/cache.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import { UnitTree } from '../src/services/org/units.js';
import { Work } from '../src/contracts/work.js';
import { ManualClock } from '../src/contracts/time.js';
import { schedulerTexts } from '../commands/index.js';
import { explain, TEST_PLATFORMS } from '../test/helpers/reminders.js';
import {
  median,
  quantile,
  round,
  target,
  type Benchmark,
  type BenchContext,
  type BenchResult,
  type Check,
  type Row,
} from './lib.js';

function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const NOW = new Date('2026-12-01T02:00:00Z').getTime();
const MIN = 60_000;

async function freshDb(tag: string) {
  const dir = mkdtempSync(join(tmpdir(), `pioneer-bench-${tag}-`));
  const url = `file:${join(dir, 'bench.db')}`;
  const store = await openStore({ url });
  const config = loadConfig({ DATABASE_URL: url, NODE_ENV: 'test' });
  await store.client.batch(
    [
      'INSERT INTO units (id, name, type, parent_id, time_zone, created_at) ' +
        "VALUES ('c1', '某党委', 'committee', NULL, 'Asia/Shanghai', 0)",
      'INSERT INTO units (id, name, type, parent_id, time_zone, created_at) ' +
        "VALUES ('b1', '第一支部', 'branch', 'c1', 'Asia/Shanghai', 0)",
      'INSERT INTO chat_bindings (platform, chat_id, unit_id, bound_by_identity, bound_at) ' +
        "VALUES ('lark', 'oc_1', 'b1', 'bench:bench', 0)",
      ...Array.from({ length: 30 }, (_, i) => [
        `INSERT INTO members (id, name, unit_id, role, party_status, is_admin, created_at) ` +
          `VALUES ('m${i}', '成员${i}', 'b1', 'member', 'formal', 0, 0)`,
        `INSERT INTO identities (platform, user_id, member_id, created_at) VALUES ('lark', 'ou_${i}', 'm${i}', 0)`,
      ]).flat(),
    ],
    'write',
  );
  return {
    store,
    config,
    url,
    close: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })),
  };
}

/** `n` meetings from id `first`, starting at minute-aligned random times over the next 90 days (any hour). */
async function addMeetings(
  store: Awaited<ReturnType<typeof freshDb>>['store'],
  first: number,
  n: number,
  startsAt?: (i: number) => number,
) {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const rows = Array.from({ length: n }, (_, i) => [
    first + i,
    startsAt ? startsAt(i) : NOW + 2 * 86_400_000 + Math.floor(rand() * 88 * 1440) * MIN,
  ]);
  for (let i = 0; i < rows.length; i += 20_000) {
    await store.client.execute({
      sql:
        `INSERT INTO meetings (id, unit_id, type, title, starts_at, opens_before_min, closes_after_min, status, ` +
        `created_by_identity, created_at)
            SELECT json_extract(value, '$[0]'), 'b1', 'other', '测试', json_extract(value, '$[1]'), 30, 30, ` +
        `'scheduled', 'bench:bench', 0 FROM json_each(?)`,
      args: [JSON.stringify(rows.slice(i, i + 20_000))],
    });
  }
  return rows.map(([id, s]) => ({ id: id!, unitId: 'b1', startsAt: s!, status: 'scheduled' as const }));
}

async function scheduleRounds(ctx: BenchContext, meetings: number, rounds: number) {
  const db = await freshDb('sched');
  try {
    const list = await addMeetings(db.store, 1, meetings);
    const tree = await UnitTree.load(db.store.db);
    const planMs: number[] = [];
    const insertMs: number[] = [];
    let rowsWritten = 0;
    let moved = 0;
    for (let r = 0; r <= rounds; r++) {
      await db.store.client.execute('DELETE FROM reminders');
      const t0 = performance.now();
      const planned = planAll(tree, new Map(), list, NOW, db.config);
      const t1 = performance.now();
      const work = new Work(db.store.db, new Date(NOW));
      writePlanned(work, planned);
      await db.store.batch(work.writes);
      const t2 = performance.now();
      if (r === 0) continue; // warm-up
      planMs.push(t1 - t0);
      insertMs.push(t2 - t1);
      rowsWritten = Number((await db.store.client.execute('SELECT count(*) AS n FROM reminders')).rows[0]!.n);
      const start = new Map(list.map((m) => [m.id, m.startsAt]));
      moved = planned.filter((p) => p.dueAt !== start.get(p.meetingId)! - p.offsetMin * MIN).length;
    }
    ctx.log(
      `schedule: plan ${planMs.map((x) => x.toFixed(0)).join(', ')} ms; ` +
        `insert ${insertMs.map((x) => x.toFixed(0)).join(', ')} ms`,
    );
    return { planMs, insertMs, rowsWritten, moved };
  } finally {
    await db.close();
  }
}

async function tickRounds(ctx: BenchContext, pending: number, ticks: number) {
  const db = await freshDb('tick');
  try {
    const meetings = Math.ceil(pending / 3);
    const list = await addMeetings(db.store, 1, meetings);
    const work = new Work(db.store.db, new Date(NOW));
    writePlanned(work, planAll(await UnitTree.load(db.store.db), new Map(), list, NOW, db.config));
    await db.store.batch(work.writes);
    const pendingRows = Number(
      (await db.store.client.execute("SELECT count(*) AS n FROM reminders WHERE status = 'pending'")).rows[0]!.n,
    );
    ctx.log(`tick: ${pendingRows} pending reminders`);
    const plans = {
      find: await explain(db.url, dueIds(db.store.db, NOW, 200).toSQL()),
      claim: await explain(
        db.url,
        claimDue(db.store.db, { owner: 'x', now: NOW, leaseMs: 60_000, limit: 200 }).toSQL(),
      ),
    };
    const clock = new ManualClock(new Date(NOW));
    // As in the Node entry: the core's org cache holds the unit tree.
    const cache = new OrgCache(new Set());
    const log = createLogger({ silent: !process.env.BENCH_VERBOSE });
    // Feishu reminders @-mention, as in production.
    const deps = { store: db.store, config: db.config, clock, cache, log, platforms: TEST_PLATFORMS };
    const scheduler = new Scheduler({ deps, texts: schedulerTexts });
    await scheduler.tickOnce(new Date(NOW)); // takes this slot of the periodic jobs, warms up
    const claimMs: number[] = [];
    const dueMs: number[] = [];
    const dueCpuMs: number[] = [];
    const idleMs: number[] = [];
    let claimed = 0;
    let messages = 0;
    let nextId = meetings + 1;
    for (let r = 0; r < ticks; r++) {
      // 10 reminders due now: 10 meetings 20 minutes away, one 20-minute reminder each.
      const now = NOW + r * 1000;
      const due = await addMeetings(db.store, nextId, 10, () => now + 20 * MIN);
      nextId += 10;
      await db.store.client.execute({
        sql:
          `INSERT INTO reminders (meeting_id, offset_min, due_at, status, created_at) ` +
          `SELECT value, 20, ?, 'pending', 0 FROM json_each(?)`,
        args: [now, JSON.stringify(due.map((m) => m.id))],
      });
      const c0 = performance.now();
      const got = await claimDue(db.store.db, { owner: 'bench', now, leaseMs: 60_000, limit: 200 });
      claimMs.push(performance.now() - c0);
      if (got.length !== 10) ctx.log(`claim found ${got.length}, expected 10`);
      await db.store.client.execute({
        sql: "UPDATE reminders SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = 'bench'",
        args: [],
      });
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await scheduler.tickOnce(new Date(now));
      dueMs.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      dueCpuMs.push((cpu.user + cpu.system) / 1000);
      claimed += res.reminders.claimed;
      if (res.errors.length) ctx.log(`tick failed: ${res.errors.join(', ')}`);
      messages += res.reminders.messages;
      const t1 = performance.now();
      await scheduler.tickOnce(new Date(now));
      idleMs.push(performance.now() - t1);
    }
    ctx.log(`tick: due ${dueMs.map((x) => x.toFixed(1)).join(', ')} ms`);
    return { claimMs, dueMs, dueCpuMs, idleMs, claimed, messages, pendingRows, plans };
  } finally {
    await db.close();
  }
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const rounds = envNumber('BENCH_SCHED_ROUNDS', 5);
  const ticks = envNumber('BENCH_SCHED_TICKS', 30);
  const meetings = envNumber('BENCH_SCHED_MEETINGS', 10_000);
  const pending = envNumber('BENCH_SCHED_PENDING', 100_000);
  const s = await scheduleRounds(ctx, meetings, rounds);
  const k = await tickRounds(ctx, pending, ticks);
  const p95 = (xs: number[]) =>
    quantile(
      [...xs].sort((a, b) => a - b),
      0.95,
    );

  const rows: Row[] = [];
  const ins = { medianMs: round(median(s.insertMs), 1), p95Ms: round(p95(s.insertMs), 1), rows: s.rowsWritten };
  rows.push({
    name: `schedule: insert ${meetings / 1000}k x 3`,
    figures: ins,
    targets: [target(ins, 'medianMs', '<=', 500, 'median <= 500 ms')],
  });
  const plan = { medianMs: round(median(s.planMs), 1), p95Ms: round(p95(s.planMs), 1), rows: s.rowsWritten };
  rows.push({ name: 'schedule: planning', figures: plan, targets: [] });
  const total = { medianMs: round(median(s.planMs.map((x, i) => x + s.insertMs[i]!)), 1), rows: s.rowsWritten };
  rows.push({ name: 'schedule: plan + insert', figures: total, targets: [] });
  const claim = { medianMs: round(median(k.claimMs), 2), p95Ms: round(p95(k.claimMs), 2), rows: k.pendingRows };
  rows.push({
    name: 'find + lease 10 due among 100k',
    figures: claim,
    targets: [target(claim, 'medianMs', '<=', 10, 'median <= 10 ms')],
  });
  const due = {
    medianMs: round(median(k.dueMs), 2),
    p95Ms: round(p95(k.dueMs), 2),
    cpuMs: round(median(k.dueCpuMs), 2),
    rows: k.pendingRows,
  };
  rows.push({
    name: 'tick: 10 due among 100k',
    figures: due,
    targets: [target(due, 'cpuMs', '<=', 10, 'CPU median <= 10 ms')],
  });
  const idle = { medianMs: round(median(k.idleMs), 2), p95Ms: round(p95(k.idleMs), 2), rows: k.pendingRows };
  rows.push({
    name: 'tick: idle among 100k',
    figures: idle,
    targets: [target(idle, 'medianMs', '<=', 10, 'median <= 10 ms')],
  });

  const usesIndex = (plan: string[]) =>
    plan.some((d) => d.includes('reminders_due_idx')) && !plan.some((d) => /SCAN reminders\b/.test(d));
  const checks: Check[] = [
    {
      label: 'schedule wrote 3 reminders per meeting',
      ok: s.rowsWritten === meetings * 3,
      detail: `${s.rowsWritten} rows, ${s.moved} moved out of quiet hours`,
    },
    {
      label: 'every due tick claimed and enqueued its 10',
      ok: k.claimed === ticks * 10 && k.messages === ticks * 10,
      detail: `${k.claimed} claimed, ${k.messages} outbox rows over ${ticks} ticks`,
    },
    {
      label: 'find uses reminders_due_idx, no table scan',
      ok: usesIndex(k.plans.find),
      detail: k.plans.find.join(' | '),
    },
    {
      label: 'claim uses reminders_due_idx, no table scan',
      ok: usesIndex(k.plans.claim),
      detail: k.plans.claim.join(' | '),
    },
  ];
  return {
    columns: [
      { key: 'medianMs', label: 'median ms', digits: 1 },
      { key: 'p95Ms', label: 'p95 ms', digits: 1 },
      { key: 'cpuMs', label: 'CPU ms', digits: 1 },
      { key: 'rows', label: 'rows' },
    ],
    rows,
    checks,
    notes: [
      `schedule: ${rounds} rounds after one warm-up, each on an empty reminders table; ` +
        `"insert" is writePlanned + store.batch (one INSERT … SELECT FROM json_each(?) of all ${s.rowsWritten} rows ` +
        `with ON CONFLICT upsert), "planning" computes offsets and quiet hours ` +
        `(${s.moved} of ${s.rowsWritten} moved to 21:59) with one Intl formatter per zone.`,
      `find + lease: claimDue alone (the UPDATE … WHERE id IN (indexed SELECT) RETURNING), ` +
        `then the lease is cleared for the tick. tick: ${ticks} ticks, each after inserting 10 reminders due now; ` +
        `timed Scheduler.tickOnce (find, lease, word with roster of 30 and 1 chat, ` +
        `enqueue + mark sent in one batch); idle = the next tick at the same instant.`,
      `EXPLAIN QUERY PLAN find: ${k.plans.find.join(' | ')}`,
      `EXPLAIN QUERY PLAN claim: ${k.plans.claim.join(' | ')}`,
    ],
    details: {
      claimMs: k.claimMs.map((x) => round(x, 2)),
      planMs: s.planMs.map((x) => round(x, 2)),
      insertMs: s.insertMs.map((x) => round(x, 2)),
      dueMs: k.dueMs.map((x) => round(x, 2)),
      idleMs: k.idleMs.map((x) => round(x, 2)),
      plans: k.plans,
      parameters: { rounds, ticks, meetings, pending },
    },
  };
}

export const schedulerBench: Benchmark = {
  name: 'scheduler',
  description: 'reminders: schedule 10k meetings x 3, and a tick among 100k pending (index, lease, enqueue)',
  run,
};
