import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessageResult } from '../../src/contracts/message.js';
import { applyLocalD1Migrations, makeProcessOffline, ROOT } from './wrangler.js';

export const WORKER_CORE_TOKEN = 'worker-test-core-token-0123456789abcdef';
/** base64 of 32 bytes, as production requires. */
export const WORKER_DATA_KEY = Buffer.alloc(32, 7).toString('base64');

/** The real worker (src/runtime/worker.ts, bundled by wrangler) running in workerd with a local D1. */
export interface LocalWorker {
  url: URL;
  /** Milliseconds: migrations applied, and the worker answering /healthz. */
  timings: { migrateMs: number; startMs: number };
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Runs SQL on the worker's local D1 from outside (fixtures too large to build by chat). */
  d1Exec(sql: string): Promise<void>;
  /** One POST /v1/messages with the core token. */
  send(msg: Record<string, unknown>): Promise<MessageResult>;
  /**
   * Fires the cron trigger through wrangler dev's `/cdn-cgi/handler/scheduled` (as of `time` if
   * given); answers 200 "ok" when scheduled() resolved, 500 when it threw.
   */
  scheduled(time?: Date): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Applies the real migrations with `wrangler d1 migrations apply --local` into a fresh temp
 * directory and starts the worker from wrangler.toml in local mode (workerd, no network, no
 * inspector) on a free loopback port. `vars` add to or override wrangler.toml's [vars].
 */
export async function startLocalWorker(
  vars: Record<string, string> = {},
  opts: {
    d1Migrations?: boolean;
    /** Runs once the migrations are applied and before workerd starts (bench/workerd.ts seeds the D1 file). */
    prepare?: (persistDir: string) => Promise<void>;
  } = {},
): Promise<LocalWorker> {
  const dir = mkdtempSync(join(tmpdir(), 'pioneer-worker-'));
  const persist = join(dir, 'state');
  // Outside `dir`: wrangler still appends to its log after dispose() resolves.
  const logs = join(tmpdir(), 'pioneer-wrangler-logs');
  makeProcessOffline(logs);
  const started = Date.now();
  // wrangler is loaded only here, after the environment is made offline.
  const { unstable_startWorker } = await import('wrangler');
  // Without them (a worker on a libSQL server) D1 stays empty and unused.
  let migrated = opts.d1Migrations === false ? Promise.resolve({ ms: 0 }) : applyLocalD1Migrations(persist, logs);
  if (opts.prepare) {
    const run = await migrated;
    await opts.prepare(persist);
    migrated = Promise.resolve(run);
  }
  const bindings = Object.fromEntries(
    Object.entries({
      NODE_ENV: 'production',
      CORE_TOKEN: WORKER_CORE_TOKEN,
      PIONEER_DATA_KEY: WORKER_DATA_KEY,
      ...vars,
    }).map(([k, value]) => [k, { type: 'plain_text' as const, value }]),
  );
  const worker = await unstable_startWorker({
    config: join(ROOT, 'wrangler.toml'),
    bindings,
    // The CLI derives this from compatibility_flags; the API needs it spelled out.
    build: { nodejsCompatMode: 'v2' },
    dev: { persist, server: { hostname: '127.0.0.1', port: 0 }, inspector: false, watch: false, logLevel: 'warn' },
  });
  let migrateMs = 0;
  try {
    // Bundling and workerd start-up overlap the migrations; nothing touches D1 until both are done.
    const [run] = await Promise.all([migrated, worker.ready]);
    migrateMs = run.ms;
  } catch (err) {
    await worker.dispose();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const url = await worker.url;
  const fetchPath = (path: string, init?: RequestInit) => fetch(new URL(path, url), init);
  const health = await fetchPath('/healthz');
  if (health.status !== 200) throw new Error(`worker /healthz answered ${health.status}: ${await health.text()}`);
  const startMs = Date.now() - started;

  return {
    url,
    timings: { migrateMs, startMs },
    fetch: fetchPath,
    async send(msg) {
      const res = await fetchPath('/v1/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${WORKER_CORE_TOKEN}` },
        body: JSON.stringify(msg),
      });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      return (await res.json()) as MessageResult;
    },
    async d1Exec(sql) {
      // A second local runtime over the same persisted D1 files (SQLite's locks keep the two apart).
      const { getPlatformProxy } = await import('wrangler');
      const proxy = await getPlatformProxy<{ DB: { exec(sql: string): Promise<unknown> } }>({
        configPath: join(ROOT, 'wrangler.toml'),
        persist: { path: join(persist, 'v3') },
        remoteBindings: false,
      });
      try {
        await proxy.env.DB.exec(sql);
      } finally {
        await proxy.dispose();
      }
    },
    scheduled(time) {
      const q = new URLSearchParams({ cron: '* * * * *' });
      if (time) q.set('time', String(time.getTime()));
      return fetchPath(`/cdn-cgi/handler/scheduled?${q}`);
    },
    async close() {
      await worker.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
