import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (where wrangler.toml is). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WRANGLER_BIN = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');

/**
 * What wrangler must see in tests so it never leaves the machine: no credentials (so it cannot
 * log in or reach the API), no telemetry, no `Request.cf` download, no banner (whose update
 * check asks the npm registry; the registry points at a closed loopback port in case another
 * path asks too).
 */
export const OFFLINE_WRANGLER_ENV: Record<string, string> = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  npm_config_registry: 'http://127.0.0.1:9/',
  NO_UPDATE_NOTIFIER: '1',
  CI: 'true',
};
const CREDENTIAL_VARS = [
  'CLOUDFLARE_API_TOKEN',
  'CLOUDFLARE_API_KEY',
  'CLOUDFLARE_EMAIL',
  'CF_API_TOKEN',
  'CF_API_KEY',
  'CF_EMAIL',
];

/** An environment for a wrangler child process (or this process before it loads wrangler). */
export function offlineEnv(base: NodeJS.ProcessEnv = process.env, logDir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...OFFLINE_WRANGLER_ENV };
  for (const k of CREDENTIAL_VARS) delete env[k];
  if (logDir) env.WRANGLER_LOG_PATH = logDir;
  return env;
}

/** Makes this process safe to load wrangler's API in (unstable_startWorker runs in-process). */
export function makeProcessOffline(logDir?: string): void {
  const env = offlineEnv(process.env, logDir);
  for (const k of CREDENTIAL_VARS) delete process.env[k];
  Object.assign(process.env, env);
}

export interface WranglerRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the project's wrangler CLI offline in the project root; rejects when it fails. */
export function runWrangler(args: string[], opts: { logDir?: string; timeoutMs?: number } = {}): Promise<WranglerRun> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [WRANGLER_BIN, ...args], {
      cwd: ROOT,
      env: offlineEnv(process.env, opts.logDir),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const run = { code, stdout, stderr, ms: Date.now() - started };
      if (code === 0) resolvePromise(run);
      else reject(new Error(`wrangler ${args.join(' ')} exited with ${code}\n${stdout}\n${stderr}`));
    });
  });
}

/** Applies migrations/ to the local D1 database persisted under `persistDir`, as a deployer would. */
export function applyLocalD1Migrations(persistDir: string, logDir?: string): Promise<WranglerRun> {
  return runWrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir], { logDir });
}

/** `npm run db:migrate` (scripts/db-migrate.ts through tsx) against `databaseUrl`; resolves with its output. */
export function runDbMigrate(databaseUrl: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const tsx = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
    const child = spawn(process.execPath, [tsx, join(ROOT, 'scripts/db-migrate.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolvePromise(out) : reject(new Error(`db:migrate exited with ${code}: ${out}`)),
    );
  });
}
