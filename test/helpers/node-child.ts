/**
 * The real Node entry (src/runtime/node.ts) in its own process, so tests can SIGKILL it: started
 * under tsx in a scratch working directory (no stray .env, no ./data), with its output captured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = join(ROOT, 'src/runtime/node.ts');
const TSX_LOADER = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/loader.mjs'),
).href;

/** A free TCP port on 127.0.0.1 (the kernel's pick, released again at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface NodeChild {
  proc: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Milliseconds from spawn until GET /healthz answered 200. */
  bootMs: number;
}

/**
 * Starts the entry with `env` on a free port and waits until /healthz answers (or the process
 * dies, or `timeoutMs` passes). Everything it prints is appended to `output`.
 */
export async function startNode(
  env: Record<string, string>,
  cwd: string,
  output: string[],
  timeoutMs = 60_000,
): Promise<NodeChild> {
  const port = await freePort();
  const t0 = Date.now();
  const proc = spawn(process.execPath, ['--import', TSX_LOADER, ENTRY], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? cwd,
      TMPDIR: process.env.TMPDIR ?? '/tmp',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (b) => output.push(String(b)));
  proc.stderr!.on('data', (b) => output.push(String(b)));
  let dead = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => {
      dead = true;
      resolve({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (dead) throw new Error(`node entry exited during start:\n${output.slice(-20).join('')}`);
    if (Date.now() - t0 > timeoutMs) {
      proc.kill('SIGKILL');
      throw new Error(`node entry not healthy after ${timeoutMs} ms:\n${output.slice(-20).join('')}`);
    }
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { proc, url, exited, bootMs: Date.now() - t0 };
    await new Promise((r) => setTimeout(r, 25));
  }
}
