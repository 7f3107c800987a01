/**
 * `dashboard`: the 看板's pages and data endpoints at district scale (scripts/seed/district.ts:
 * 1 区委 → 20 总支 → 1,000 支部, 50,021 members, 10,000 meetings, a year of notices and service)
 * against the same requests on a one-branch database built by the same generator, in one run.
 * Requests go through the real app (app.request) with a session opened the real way: 看板 in a
 * direct chat, the link's secret posted to /dashboard/login.
 *
 * Rows, per database: a branch's page, its data (JSON), each of its XLSX tables; the 区委's and a
 * 总支's page, data and XLSX with every row fresh, and the pages and data with every row stale
 * (marked stale before each request). Target: p95 <= 100 ms for each at district scale.
 * Also: a cold start (no row computed yet): requests until the 区委's page is complete.
 *
 * Env: BENCH_DASHBOARD_REQUESTS (default 60 per row).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Hono } from 'hono';
import { createLogger } from '../src/contracts/log.js';
import type { SqlStore } from '../src/contracts/store.js';
import { ManualClock } from '../src/contracts/time.js';
import { openStore } from '../src/db/open.js';
import { assemble } from '../src/runtime/assemble.js';
import { DISTRICT_SHAPE, ONE_BRANCH_SHAPE, seedDistrict, type SeededDistrict } from '../scripts/seed/district.js';
import { quantile, round, storeDriver, target, type Benchmark, type Check, type Row } from './lib.js';

const REQUESTS = Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 60);
const TARGET_MS = 100;
const NOW = new Date('2026-12-01T02:00:00Z');
/** Every table the branch page links as XLSX (src/http/dashboard/tables.ts branchTables; no dues ledger yet). */
const BRANCH_TABLES = ['quarter', 'attendance', 'absent', 'notices', 'confirmers', 'hours', 'needs'] as const;

interface Site {
  name: 'district' | 'one branch';
  app: Hono;
  store: SqlStore;
  seeded: SeededDistrict;
  seedMs: number;
  close(): Promise<void>;
}

async function site(name: Site['name'], shape: typeof DISTRICT_SHAPE): Promise<Site> {
  const dir = mkdtempSync(join(tmpdir(), 'pioneer-bench-dashboard-'));
  const url = `file:${join(dir, 'db.sqlite')}`;
  const store = await openStore({ url, driver: storeDriver() });
  const t0 = performance.now();
  const seeded = await seedDistrict(store.client, { now: NOW, shape });
  const seedMs = performance.now() - t0;
  const env = { DATABASE_URL: url, NODE_ENV: 'test', PUBLIC_URL: 'http://127.0.0.1:8787' };
  const log = createLogger({ silent: true });
  const { app } = await assemble({
    env,
    runtime: 'node',
    store: () => store,
    log,
    adapters: [],
    clock: new ManualClock(NOW),
  });
  return {
    name,
    app,
    store,
    seeded,
    seedMs,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A session of `memberId` (identity lark:ou_<id>), opened through 看板 and the sign-in POST. */
async function session(s: Site, memberId: string): Promise<string> {
  const msg = {
    platform: s.seeded.platform,
    chatId: `ou_${memberId}`,
    chatType: 'direct',
    senderId: `ou_${memberId}`,
    messageId: `bench-${memberId}-${Math.random()}`,
    text: '看板',
  };
  const res = await s.app.request('/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(msg),
  });
  const text = ((await res.json()) as { replies: { text: string }[] }).replies.map((r) => r.text).join('\n');
  const secret = /#t=([A-Za-z0-9_-]{43})/.exec(text)?.[1];
  if (!secret) throw new Error(`no link for ${memberId}: ${text}`);
  const login = await s.app.request('/dashboard/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: secret }),
  });
  if (login.status !== 200) throw new Error(`sign-in ${login.status}`);
  return (login.headers.get('set-cookie') ?? '').split(';')[0]!;
}

async function timed(s: Site, cookie: string, paths: string[], before?: () => Promise<void>, n = REQUESTS) {
  const ms: number[] = [];
  const statuses = new Set<number>();
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    await before?.();
    const path = paths[i % paths.length]!;
    const t0 = performance.now();
    const res = await s.app.request(path, { headers: { cookie } });
    const body = await res.arrayBuffer();
    ms.push(performance.now() - t0);
    statuses.add(res.status);
    bytes = body.byteLength;
  }
  return { ms, statuses, bytes };
}

function stats(name: string, ms: number[], bytes: number, withTarget: boolean): Row {
  const sorted = [...ms].sort((a, b) => a - b);
  const figures = {
    n: ms.length,
    p50: round(quantile(sorted, 0.5), 2),
    p95: round(quantile(sorted, 0.95), 2),
    max: round(sorted.at(-1)!, 2),
    kib: round(bytes / 1024, 1),
  };
  return {
    name,
    figures,
    targets: withTarget ? [target(figures, 'p95', '<=', TARGET_MS, `p95 <= ${TARGET_MS} ms`)] : [],
  };
}

export const dashboardBench: Benchmark = {
  name: 'dashboard',
  description: '看板 pages and data endpoints, district (1,000 branches) vs one branch',
  async run({ log }) {
    const rows: Row[] = [];
    const checks: Check[] = [];
    const details: Record<string, unknown> = { requestsPerRow: REQUESTS };
    const p50s = new Map<string, number>();
    for (const [name, shape] of [
      ['one branch', ONE_BRANCH_SHAPE],
      ['district', DISTRICT_SHAPE],
    ] as const) {
      log(`seeding ${name}`);
      const s = await site(name, shape);
      log(`seeded ${name} in ${Math.round(s.seedMs)} ms: ${JSON.stringify(s.seeded.counts)}`);
      details[name] = { seedMs: Math.round(s.seedMs), counts: s.seeded.counts };
      try {
        const root = s.seeded.rootId;
        const rootCookie = await session(s, s.seeded.rootSecretary);
        // Cold start: nothing computed; ask the data endpoint until every row is there.
        const coldMs: number[] = [];
        let pending = Infinity;
        while (pending > 0 && coldMs.length < 2000) {
          const t0 = performance.now();
          const res = await s.app.request(`/dashboard/api/unit/${root}`, { headers: { cookie: rootCookie } });
          pending = ((await res.json()) as { pending: number }).pending;
          coldMs.push(performance.now() - t0);
        }
        const coldTotal = coldMs.reduce((a, b) => a + b, 0);
        rows.push(
          stats(
            `${name}: 区委 data, cold start (${coldMs.length} requests, ${Math.round(coldTotal)} ms)`,
            coldMs,
            0,
            false,
          ),
        );
        checks.push({
          label: `${name}: the cold start completes`,
          ok: pending === 0,
          detail: `${coldMs.length} requests`,
        });

        const branches = s.seeded.branchIds.slice(0, 50);
        const committee = await session(s, s.seeded.branchCommittee.get(branches[0]!)!);
        // A 委员 of one branch opens only that one; the rotation uses each branch's own 委员 session.
        const branchCookies = new Map<string, string>([[branches[0]!, committee]]);
        for (const b of branches.slice(1, 10)) branchCookies.set(b, await session(s, s.seeded.branchCommittee.get(b)!));
        const own = [...branchCookies.keys()];
        const measure = async (label: string, paths: (b: string) => string, key: string) => {
          const all: number[] = [];
          const statuses = new Set<number>();
          let bytes = 0;
          for (const b of own) {
            const r = await timed(s, branchCookies.get(b)!, [paths(b)], undefined, Math.ceil(REQUESTS / own.length));
            all.push(...r.ms);
            bytes = r.bytes;
            for (const x of r.statuses) statuses.add(x);
          }
          const ok = [...statuses].every((x) => x === 200);
          checks.push({ label: `${name}: ${label} answers 200`, ok, detail: [...statuses].join(',') });
          const row = stats(`${name}: ${label}`, all, bytes, name === 'district');
          p50s.set(`${name}/${key}`, row.figures.p50 as number);
          rows.push(row);
        };
        await measure('branch page', (b) => `/dashboard/unit/${b}`, 'branch-page');
        await measure('branch data', (b) => `/dashboard/api/unit/${b}`, 'branch-data');
        for (const table of BRANCH_TABLES) {
          const label = `branch XLSX (${table})`;
          await measure(label, (b) => `/dashboard/unit/${b}/xlsx/${table}.xlsx`, `branch-xlsx-${table}`);
        }

        const fresh = async (label: string, path: string, key: string, before?: () => Promise<void>) => {
          const r = await timed(s, rootCookie, [path], before);
          checks.push({
            label: `${name}: ${label} answers 200`,
            ok: [...r.statuses].every((x) => x === 200),
            detail: [...r.statuses].join(','),
          });
          const row = stats(`${name}: ${label}`, r.ms, r.bytes, name === 'district');
          p50s.set(`${name}/${key}`, row.figures.p50 as number);
          rows.push(row);
        };
        await fresh('区委 page, rows fresh', `/dashboard/unit/${root}`, 'root-page');
        await fresh('区委 data, rows fresh', `/dashboard/api/unit/${root}`, 'root-data');
        await fresh('区委 XLSX (branches), rows fresh', `/dashboard/unit/${root}/xlsx/branches.xlsx`, 'root-xlsx');
        // A written file is kept by its content (src/http/dashboard/xlsx.ts): moving every row's time
        // on by a minute changes its 更新时间 column, so each of these downloads is written anew.
        const changed = () =>
          s.store.client.execute('UPDATE dashboard_rows SET computed_at = computed_at + 60000').then(() => undefined);
        await fresh(
          '区委 XLSX (branches), changed each time',
          `/dashboard/unit/${root}/xlsx/branches.xlsx`,
          'root-xlsx-new',
          changed,
        );
        const general = s.seeded.generalIds[0]!;
        await fresh('总支 page, rows fresh', `/dashboard/unit/${general}`, 'general-page');
        await fresh('总支 data, rows fresh', `/dashboard/api/unit/${general}`, 'general-data');
        await fresh(
          '总支 XLSX (branches), rows fresh',
          `/dashboard/unit/${general}/xlsx/branches.xlsx`,
          'general-xlsx',
        );
        const stale = () => s.store.client.execute('UPDATE dashboard_rows SET computed_at = 0').then(() => undefined);
        await fresh('区委 page, rows stale', `/dashboard/unit/${root}`, 'root-page-stale', stale);
        await fresh('区委 data, rows stale', `/dashboard/api/unit/${root}`, 'root-data-stale', stale);
        await fresh('总支 page, rows stale', `/dashboard/unit/${general}`, 'general-page-stale', stale);
      } finally {
        await s.close();
      }
    }
    const ratios: Record<string, number> = {};
    for (const key of [
      'branch-page',
      'branch-data',
      ...BRANCH_TABLES.map((t) => `branch-xlsx-${t}`),
      'root-page',
      'root-data',
      'root-xlsx',
      'root-xlsx-new',
      'general-page',
      'general-data',
      'general-xlsx',
      'root-page-stale',
      'root-data-stale',
      'general-page-stale',
    ]) {
      const a = p50s.get(`district/${key}`);
      const b = p50s.get(`one branch/${key}`);
      if (a && b) ratios[key] = round(a / b, 2);
    }
    details.p50RatioDistrictToOneBranch = ratios;
    details.loadavg = loadavg();
    return {
      columns: [
        { key: 'n', label: 'requests' },
        { key: 'p50', label: 'p50 ms', digits: 2 },
        { key: 'p95', label: 'p95 ms', digits: 2 },
        { key: 'max', label: 'max ms', digits: 2 },
        { key: 'kib', label: 'KiB', digits: 1 },
      ],
      rows,
      checks,
      notes: [
        `p50 district / one branch: ${Object.entries(ratios)
          .map(([k, v]) => `${k} ${v}x`)
          .join(', ')}`,
        `load average at the end: ${loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')}`,
      ],
      details,
    };
  },
};
