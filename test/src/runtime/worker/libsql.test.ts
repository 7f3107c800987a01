import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLibsqlServer } from '../../../helpers/fake-libsql-server.js';
import { startLocalWorker, type LocalWorker } from '../../../helpers/worker.js';
import { branchMeetingScenario, repeatAndRaceScenario, workerSay } from '../../../helpers/worker-scenario.js';
import { runDbMigrate } from '../../../helpers/wrangler.js';

// The worker with DATABASE_URL naming a libSQL server instead of D1: @libsql/client/web inside
// workerd, against a loopback stand-in for Turso that keeps its data in a real libSQL file.
const dir = mkdtempSync(join(tmpdir(), 'pioneer-libsql-'));
let server: FakeLibsqlServer;
let w: LocalWorker;
let migrated: string[] = [];

beforeAll(async () => {
  server = await new FakeLibsqlServer(join(dir, 'remote.db')).start();
  // What the deploy docs say to run before the first deploy, and again after each upgrade.
  migrated = [await runDbMigrate(server.url), await runDbMigrate(server.url)];
  // Not production, so the playground is served too: its files come from the bundle's Text modules.
  const vars = { DATABASE_URL: server.url, PIONEER_ADMINS: 'playground:admin', NODE_ENV: 'development' };
  w = await startLocalWorker(vars, { d1Migrations: false });
  console.log('local worker on a libSQL server started', w.timings);
}, 120_000);

afterAll(async () => {
  await w?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the worker over a libSQL server (DATABASE_URL)', () => {
  it('is migrated by npm run db:migrate, once', () => {
    expect(migrated[0]).toMatch(/applied \d+ migration\(s\)/);
    expect(migrated[1]).toMatch(/up to date/);
  });

  it('answers /healthz through the server', async () => {
    const before = server.pipelines;
    expect(await (await w.fetch('/healthz')).json()).toEqual({ ok: true });
    expect(server.pipelines).toBeGreaterThan(before);
  });

  it('serves the playground page and its files from the bundle', async () => {
    const page = await w.fetch('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/playground/main.js">');
    for (const [path, text] of [
      ['/playground/main.js', "from './store.js'"],
      ['/playground/page.css', '.bubble'],
      ['/playground/text.js', 'noopener noreferrer'],
      ['/playground/problems.js', '连不上先锋助手'],
      ['/playground/favicon.svg', '<svg '],
    ]) {
      const res = await w.fetch(path!);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain(text);
    }
  });

  it('runs the branch meeting scenario, repeats and races', async () => {
    const say = workerSay(w, 'l');
    await branchMeetingScenario(say);
    await repeatAndRaceScenario(w, say);
  });
});
