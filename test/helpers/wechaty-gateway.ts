import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import type { HandledEvent } from '../../adapters/wechaty/index.js';
import { Watch, type Sent, type WorldSpec } from './wechaty-mock.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const GATEWAY_CHILD = join(HERE, 'wechaty-gateway-child.ts');
const TOKEN = 'gateway-test-token';
/** How long a child may take to come up on a loaded machine (tsx compile + Wechaty import). */
const START_TIMEOUT_MS = 90_000;

/** A free TCP port on the loopback interface. */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', () => r()));
}

/**
 * The real core (src/runtime/node.ts: real config, migrations, its own relay) on a loopback port
 * with a temp database, and the WeChat gateway (test/helpers/wechaty-gateway-child.ts) in a
 * second process that can be killed and started again. What the mock account sends and how
 * messages were handled is collected here, across gateway restarts.
 */
export class GatewayHarness {
  readonly sent = new Watch<Sent>();
  readonly handled = new Watch<HandledEvent>();
  readonly coreUrl: string;
  private core?: ChildProcess;
  gateway?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'pioneer-gateway-'));
  private readonly said = new Watch<{ ref: number; id: string }>();
  private ref = 0;
  private logs = '';

  private constructor(
    private readonly port: number,
    private readonly world: WorldSpec,
  ) {
    this.coreUrl = `http://127.0.0.1:${port}`;
  }

  static async create(world: WorldSpec): Promise<GatewayHarness> {
    return new GatewayHarness(await freePort(), world);
  }

  get dbUrl(): string {
    return `file:${join(this.dir, 'core.db')}`;
  }

  /** Starts the core and waits until /healthz answers. */
  async startCore(env: Record<string, string> = {}): Promise<void> {
    this.core = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/runtime/node.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(this.port),
        DATABASE_URL: this.dbUrl,
        CORE_TOKEN: TOKEN,
        PIONEER_ADMINS: `wechat:${this.world.people[0]!.id}`,
        PIONEER_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
        WECHATY_PUPPET: '',
        LARK_APP_ID: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.capture(this.core, 'core');
    const until = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const ok = await fetch(`${this.coreUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (this.core.exitCode !== null || Date.now() > until) throw new Error(`core did not start:\n${this.logs}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Starts a gateway process and waits until its mock account is logged in. */
  async startGateway(env: Record<string, string> = {}): Promise<void> {
    const child = fork(GATEWAY_CHILD, [], {
      execArgv: ['--import', 'tsx'],
      cwd: ROOT,
      env: {
        ...process.env,
        CORE_URL: this.coreUrl,
        CORE_TOKEN: TOKEN,
        GATEWAY_WORLD: JSON.stringify(this.world),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.gateway = child;
    this.capture(child, 'gateway');
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`gateway did not log in:\n${this.logs}`)), START_TIMEOUT_MS);
      child.on('message', (m: { ev: string; sent?: Sent; e?: HandledEvent; ref?: number; id?: string }) => {
        if (m.ev === 'ready') {
          clearTimeout(timer);
          resolve();
        } else if (m.ev === 'sent') this.sent.push(m.sent!);
        else if (m.ev === 'handled') this.handled.push(m.e!);
        else if (m.ev === 'said') this.said.push({ ref: m.ref!, id: m.id! });
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`gateway exited (${code ?? signal}) before logging in:\n${this.logs}`));
      });
    });
    await ready;
  }

  /** SIGKILLs the gateway and waits until it is gone. */
  async killGateway(): Promise<void> {
    const g = this.gateway;
    if (!g) return;
    g.kill('SIGKILL');
    await exited(g);
  }

  /** Makes a mock person say something through the gateway's account; resolves with the message id. */
  async say(from: string, text: string, opts: { room?: string; mentions?: string[] } = {}): Promise<string> {
    const ref = ++this.ref;
    this.gateway!.send({ op: 'say', ref, from, text, ...opts });
    return (await this.said.wait((s) => s.ref === ref, `message ${ref} to be said`, 20_000)).id;
  }

  async sendImage(from: string, room: string): Promise<string> {
    const ref = ++this.ref;
    this.gateway!.send({ op: 'image', ref, from, room });
    return (await this.said.wait((s) => s.ref === ref, `image ${ref} to be sent`, 20_000)).id;
  }

  waitHandled(id: string, timeoutMs = 30_000): Promise<HandledEvent> {
    return this.handled.wait((e) => e.messageId === id, `message ${id} to be handled`, timeoutMs);
  }

  /** A client on the core's database file (WAL: reads beside the running core are safe). */
  database(): Client {
    return createClient({ url: this.dbUrl });
  }

  async close(): Promise<void> {
    await this.killGateway();
    if (this.core) {
      this.core.kill('SIGTERM');
      await exited(this.core);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Everything the children printed, for failure messages. */
  get output(): string {
    return this.logs;
  }

  private capture(child: ChildProcess, name: string): void {
    child.stdout?.on('data', (b) => (this.logs += `[${name}] ${String(b)}`));
    child.stderr?.on('data', (b) => (this.logs += `[${name}] ${String(b)}`));
  }
}
