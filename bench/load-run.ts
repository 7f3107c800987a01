/**
 * Pieces shared by the load benchmarks (http, checkin): one measured autocannon run, the summary of
 * several runs of a path, the figures of a table row relative to the echo route, and the columns.
 */
import { performance } from 'node:perf_hooks';
import type { LocalStore } from '../src/db/local.js';
import type { SqlStore } from '../src/contracts/store.js';
import type { Loadgen } from './http.js';
import { quantile, round, type Column, type Figure } from './lib.js';
import type { LoadResult, LoadSpec } from './loadgen-protocol.js';

/** A positive number from the environment, else `fallback`. */
export function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

export interface RunRecord extends Omit<LoadResult, 'latenciesMs'> {
  latenciesMs: Float64Array;
  serverCpuUs: number;
  serverElu: number;
  /** write: members / invite_uses rows added while the run was on. */
  membersAdded?: number;
  inviteUsesAdded?: number;
  codeCount: number;
}

/** Runs one load and measures this (the server's) process's CPU time and event-loop use meanwhile. */
export async function measureLoad(loadgen: Loadgen, spec: LoadSpec): Promise<RunRecord> {
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const r = await loadgen.run(spec);
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  return { ...r, serverCpuUs: cpu.user + cpu.system, serverElu: elu.utilization, codeCount: spec.codeCount };
}

/** One progress line for a run. */
export function runLine(label: string, rec: RunRecord): string {
  return (
    `${label.padEnd(8)} ${(rec.responses / rec.seconds).toFixed(0).padStart(7)} req/s  p99 ${quantile(
      [...rec.latenciesMs].sort((a, b) => a - b),
      0.99,
    ).toFixed(2)} ms  ` + `server ${(rec.serverCpuUs / Math.max(1, rec.responses)).toFixed(0)} µs/req`
  );
}

/** Totals of several runs of one path. */
export function summarizeRuns(runs: RunRecord[]) {
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const responses = runs.reduce((s, r) => s + r.responses, 0);
  const all = new Float64Array(responses);
  let at = 0;
  for (const r of runs) {
    all.set(r.latenciesMs, at);
    at += r.latenciesMs.length;
  }
  all.sort();
  const serverCpuUs = runs.reduce((s, r) => s + r.serverCpuUs, 0);
  const loadGenCpuUs = runs.reduce((s, r) => s + r.loadGenCpuUs, 0);
  return {
    reqPerSec: responses / seconds,
    p50Ms: quantile(all, 0.5),
    p99Ms: quantile(all, 0.99),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
    errors: runs.reduce((s, r) => s + r.errors + r.timeouts, 0),
    responses,
    ok2xx: runs.reduce((s, r) => s + r.ok2xx, 0),
    matched: runs.reduce((s, r) => s + r.matched, 0),
    serverCpuUsPerReq: serverCpuUs / Math.max(1, responses),
    serverCpuPct: (100 * serverCpuUs) / (seconds * 1e6),
    loadGenCpuUsPerReq: loadGenCpuUs / Math.max(1, responses),
    loadGenCpuPct: (100 * loadGenCpuUs) / (seconds * 1e6),
    serverElu: runs.reduce((s, r) => s + r.serverElu * r.seconds, 0) / seconds,
  };
}

export type LoadSummary = ReturnType<typeof summarizeRuns>;

/** The figures of one table row; ratios are to the echo route's summary. */
export function loadFigures(s: LoadSummary, echo: LoadSummary): Record<string, Figure> {
  return {
    reqPerSec: round(s.reqPerSec, 0),
    p50Ms: round(s.p50Ms, 3),
    p99Ms: round(s.p99Ms, 3),
    non2xx: s.non2xx,
    errors: s.errors,
    ratioToEcho: round(s.reqPerSec / echo.reqPerSec, 3),
    serverCpuUsPerReq: round(s.serverCpuUsPerReq, 1),
    cpuRatioToEcho: round(echo.serverCpuUsPerReq / s.serverCpuUsPerReq, 3),
    serverCpuPct: round(s.serverCpuPct, 1),
    serverEventLoopUtilization: round(s.serverElu, 3),
    loadGenCpuUsPerReq: round(s.loadGenCpuUsPerReq, 1),
    loadGenCpuPct: round(s.loadGenCpuPct, 1),
    responses: s.responses,
    correctAnswers: s.matched,
  };
}

export const LOAD_COLUMNS: Column[] = [
  { key: 'reqPerSec', label: 'req/s' },
  { key: 'p50Ms', label: 'p50 ms', digits: 2 },
  { key: 'p99Ms', label: 'p99 ms', digits: 2 },
  { key: 'non2xx', label: 'non-2xx' },
  { key: 'ratioToEcho', label: 'x echo', digits: 3 },
  { key: 'serverCpuUsPerReq', label: 'server µs/req', digits: 0 },
  { key: 'cpuRatioToEcho', label: 'cpu ratio', digits: 3 },
  { key: 'serverCpuPct', label: 'server CPU%', digits: 0 },
  { key: 'loadGenCpuPct', label: 'loadgen CPU%', digits: 0 },
];

/** A run for the JSON details: latencies replaced by their quantiles. */
export function stripRun(m: RunRecord) {
  const { latenciesMs: _l, ...rest } = m;
  const sorted = [...m.latenciesMs].sort((a, b) => a - b);
  return {
    ...rest,
    reqPerSec: round(m.responses / m.seconds, 1),
    p50Ms: round(quantile(sorted, 0.5), 3),
    p99Ms: round(quantile(sorted, 0.99), 3),
    serverCpuUsPerReq: round(m.serverCpuUs / Math.max(1, m.responses), 1),
  };
}

/** How the database was served, and how many batches shared a transaction (group commit). */
export function storeNote(store: SqlStore): string {
  const local = store as Partial<LocalStore>;
  if (!local.group) return 'database: the embedded file through @libsql/client (BENCH_DB_DRIVER=client).';
  const { transactions, grouped } = local.group.stats;
  return (
    `database: the libSQL engine with cached statements, as npm start serves it; ` +
    `over the whole run ${transactions} write transactions, ` +
    `${grouped} batches committed in a transaction shared with others (group commit)` +
    (local.wal ? `, made durable by ${local.wal.stats.syncs} fdatasyncs of the WAL off the event loop; ` : '; ') +
    `checkpoints ${local.checkpointer?.() ? 'in a background thread' : 'by SQLite inside commits'}.`
  );
}

/** The note a contended machine earns: paths whose event loop was busier than the CPU it got. */
export function contentionNote(byKind: Record<string, LoadSummary>): string | null {
  const starved = Object.keys(byKind).filter((k) => byKind[k]!.serverCpuPct < 0.8 * 100 * byKind[k]!.serverElu);
  if (!starved.length) return null;
  return (
    `contended machine: during ${starved.join(', ')} the server's event loop was busy ` +
    starved.map((k) => `${(100 * byKind[k]!.serverElu).toFixed(0)}%`).join('/') +
    ' of the time but got only ' +
    starved.map((k) => `${byKind[k]!.serverCpuPct.toFixed(0)}%`).join('/') +
    ' of a CPU; other processes took the rest. Absolute req/s are low; the µs/req and ratios hold better.'
  );
}
