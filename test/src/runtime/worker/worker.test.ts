import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import worker from '../../../../src/runtime/worker.js';
import { runtimeFor } from '../../../../src/runtime/worker/cache.js';
import { storeFromEnv } from '../../../../src/runtime/worker/env.js';
import { buildRuntime } from '../../../../src/runtime/worker/runtime.js';
import { runJobs } from '../../../../src/runtime/worker/jobs.js';
import { memoryLogger } from '../../../../src/contracts/log.js';
import { FakeLibsqlServer } from '../../../helpers/fake-libsql-server.js';
import { runDbMigrate } from '../../../helpers/wrangler.js';

// The Workers entry's own logic, run in Node (test/src/runtime/worker/workerd.test.ts runs the same code in workerd).
const DATA_KEY = Buffer.alloc(32, 3).toString('base64');
/** A CORE_TOKEN as production accepts it (at least 32 characters). */
const LONG_TOKEN = 'worker-entry-test-token-0123456789abcdef';
const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} };
const dir = mkdtempSync(join(tmpdir(), 'pioneer-entry-'));
let server: FakeLibsqlServer;

beforeAll(async () => {
  server = await new FakeLibsqlServer(join(dir, 'db')).start();
  await runDbMigrate(server.url);
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('configuration from the Worker env', () => {
  it('reads vars and secrets, ignores bindings, and refuses what cannot work on Workers by name', async () => {
    const secrets = { CORE_TOKEN: LONG_TOKEN, PIONEER_DATA_KEY: DATA_KEY };
    const binding = { binding: 'an object' };
    const env = { NODE_ENV: 'production', ...secrets, OTHER_BINDING: binding, DATABASE_URL: server.url };
    const rt = await buildRuntime(env);
    expect(rt.deps.config).toMatchObject({ NODE_ENV: 'production', CORE_TOKEN: LONG_TOKEN });
    // Every platform's capabilities are known, whether or not its adapter runs here.
    expect([...rt.deps.platforms.keys()]).toEqual(['playground', 'lark', 'wechat', 'wecom', 'dingtalk']);
    expect(rt.jobs.map((j) => j.name)).toEqual(['inbox', 'scheduler']);
    await expect(buildRuntime({ ...env, LARK_MODE: 'ws' })).rejects.toThrow(/LARK_MODE: the long connection/);
    await expect(buildRuntime({ ...env, WECOM_MODE: 'ws' })).rejects.toThrow(/WECOM_MODE: the long connection/);
    await expect(buildRuntime({ ...env, LARK_RATE_PER_SEC: '0' })).rejects.toThrow(/LARK_RATE_PER_SEC/);
    await expect(buildRuntime({ NODE_ENV: 'production' })).rejects.toThrow(/CORE_TOKEN: required in production/);
    expect(() => storeFromEnv({ DATABASE_URL: 'file:./data/pioneer.db' })).toThrow(/DATABASE_URL: on Workers/);
    expect(() => storeFromEnv({})).toThrow(/DB: no D1 binding and no DATABASE_URL/);
  });
});

describe('the worker entry', () => {
  it('answers 503 without details when the configuration is bad, and names the variable in the log', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await worker.fetch(new Request('http://w/healthz'), { NODE_ENV: 'production' }, ctx);
      expect(res.status).toBe(503);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body.error).toBe('service not configured');
      expect(JSON.stringify(body)).not.toContain('CORE_TOKEN');
      expect(spy.mock.calls.map((c) => String(c[0])).join('\n')).toContain('CORE_TOKEN: required in production');
    } finally {
      spy.mockRestore();
    }
  });

  it('builds the core once per env object and serves requests and cron invocations from it', async () => {
    const env = {
      NODE_ENV: 'production',
      CORE_TOKEN: LONG_TOKEN,
      PIONEER_DATA_KEY: DATA_KEY,
      DATABASE_URL: server.url,
    };
    const rt = runtimeFor(env);
    expect(runtimeFor(env)).toBe(rt);
    expect(runtimeFor({ ...env })).not.toBe(rt);
    await rt;
    const res = await worker.fetch(new Request('http://w/healthz'), env, ctx);
    expect(await res.json()).toEqual({ ok: true });
    // No adapter can send in production without platform credentials, so there is no relay job yet.
    await expect(
      worker.scheduled({ scheduledTime: Date.now(), cron: '* * * * *', noRetry() {} }, env, ctx),
    ).resolves.toBeUndefined();
  });
});

describe('scheduled jobs', () => {
  it('run in order; a failing job is logged, the others still run, and the invocation fails', async () => {
    const log = memoryLogger();
    const ran: string[] = [];
    const jobs = [
      { name: 'a', run: async () => void ran.push('a') },
      {
        name: 'b',
        run: async () => {
          ran.push('b');
          throw new Error('boom');
        },
      },
      { name: 'c', run: async () => void ran.push('c') },
    ];
    await expect(runJobs(jobs, new Date(), log)).rejects.toThrow('1 scheduled job(s) failed');
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(log.lines.find((l) => l.msg === 'scheduled job failed')?.fields?.job).toBe('b');
    expect(log.lines.find((l) => l.msg === 'scheduled jobs ran')?.fields?.jobs).toMatchObject([
      { name: 'a', ok: true },
      { name: 'b', ok: false },
      { name: 'c', ok: true },
    ]);
  });
});
