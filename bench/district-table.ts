/** The table of bench/district.ts: each row's figure in the district, in the one branch, and their ratio. */
import { cpus } from 'node:os';
import { target, type BenchResult, type Check, type Row } from './lib.js';

const CORES = cpus().length;
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const TARGET_READ_P95 = 50;
const TARGET_BURST_P99 = 200;
const TARGET_ENQUEUE_MS = 200;
const TARGET_HEAP_GROWTH = 10;

export interface Figures {
  [k: string]: number;
  errors: number;
}

export interface SiteResult {
  rows: Map<string, Figures>;
  samples: Record<string, string>;
  details: Record<string, unknown>;
}

interface Params {
  N: number;
  CAP_MS: number;
  BURST_BRANCHES: number;
  BURST_PER_BRANCH: number;
  CONNECTIONS: number;
  SPEEDUP?: number;
}

const RATIO_KEY: Record<string, string> = {
  'memory over handled messages': 'heapMiB',
  'database after a year, with retention': 'afterMiB',
};

export function tabulate(results: Map<string, SiteResult>, p: Params): BenchResult {
  const { N, CAP_MS, BURST_BRANCHES, BURST_PER_BRANCH, CONNECTIONS } = p;
  const d = results.get('district')!;
  const o = results.get('one branch')!;
  const rows: Row[] = [];
  const checks: Check[] = [];
  for (const [label, f] of d.rows) {
    const small = o.rows.get(label)!;
    const key = label.startsWith('签到') ? 'p99' : (RATIO_KEY[label] ?? (f.p95 !== undefined ? 'p95' : 'p50'));
    const figures: Record<string, number | string> = {
      district: f[key]!,
      oneBranch: small[key]!,
      ratio: small[key] ? round(f[key]! / small[key]!, 2) : 'n/a',
      measure: key,
      detail: Object.entries(f)
        .filter(([k]) => k !== key)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    };
    const targets = [];
    if (label.startsWith('签到 flood')) {
      // Informational: the most the server takes, not a rate the issue names.
    } else if (label.startsWith('签到 burst'))
      targets.push(target(figures, 'district', '<=', TARGET_BURST_P99, `p99 <= ${TARGET_BURST_P99} ms`));
    else if (label.startsWith('notice'))
      targets.push(target(figures, 'district', '<=', TARGET_ENQUEUE_MS, `<= ${TARGET_ENQUEUE_MS} ms`));
    else if (label.startsWith('memory'))
      targets.push(
        target({ g: f.heapGrowthPct! }, 'g', '<=', TARGET_HEAP_GROWTH, `heap growth <= ${TARGET_HEAP_GROWTH}%`),
      );
    else if (!label.startsWith('database'))
      targets.push(target(figures, 'district', '<=', TARGET_READ_P95, `p95 <= ${TARGET_READ_P95} ms`));
    rows.push({ name: label, figures, targets });
    checks.push({
      label: `${label}: no error in either database`,
      ok: (f.errors ?? 0) === 0 && (small.errors ?? 0) === 0,
      detail: `${f.errors} / ${small.errors}${d.samples[label] ? `; district answer: ${d.samples[label]}` : ''}`,
    });
  }
  for (const [label, burst] of d.rows) {
    if (!label.startsWith('签到') || burst.rowsAdded === undefined) continue;
    checks.push({
      label: `${label}: one attendance row per 签到成功`,
      ok: burst.rowsAdded === burst.n! - burst.errors,
      detail: `${burst.rowsAdded} rows, ${burst.n} requests, ${burst.errors} errors`,
    });
  }
  return {
    columns: [
      { key: 'measure', label: 'figure' },
      { key: 'district', label: 'district', digits: 2 },
      { key: 'oneBranch', label: 'one branch', digits: 2 },
      { key: 'ratio', label: 'ratio', digits: 2 },
      { key: 'detail', label: 'district detail' },
    ],
    rows,
    checks,
    notes: [
      `reads: one request at a time, up to ${N} per case or ${CAP_MS / 1000} s (at least 2); ` +
        'ms over HTTP from a worker thread.',
      `签到: ${BURST_BRANCHES} 党员大会 × ${BURST_PER_BRANCH} members (the one branch: each of its members once), ` +
        'as a burst at ' +
        (p.SPEEDUP ? `${p.SPEEDUP}× 5,000 arrivals in 5 minutes (open loop)` : `${CONNECTIONS} connections`) +
        `${p.SPEEDUP ? `, then as a flood at ${CONNECTIONS} connections` : ''}.`,
      'memory: heap after a forced GC, after a warm-up, then after the run; messages: 7 of 10 group chatter, ' +
        'then 帮助 in groups, 会议列表 and repeated 签到.',
      'database: a year of stored answers (one per check-in and confirmation), outbox rows and platform ids ' +
        '(one per notice per chat, 3 reminders per meeting) spread over the seeded year, then retention passes ' +
        'at the end of it; live MiB = used pages.',
      ...(d.details.loadAverage
        ? [
            `1-minute load average (start, end) on ${CORES} cores: ` +
              `district ${JSON.stringify(d.details.loadAverage)}, ` +
              `one branch ${JSON.stringify(o.details.loadAverage)} (the machine is shared: above ${CORES}, ` +
              'other processes took CPU).',
          ]
        : []),
    ],
    details: { district: { ...d.details, samples: d.samples }, oneBranch: { ...o.details, samples: o.samples } },
  };
}
