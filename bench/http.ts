/**
 * `http`: how much of a bare Hono JSON echo's throughput the real Pioneer request path keeps.
 *
 * One process, one real HTTP server (@hono/node-server) on 127.0.0.1:<random>, whose app is a bare
 * `POST /echo` plus the real Pioneer app mounted at `/`, over a real libSQL file with the real
 * migrations. The load comes from autocannon in a child process (bench/loadgen.ts), so the CPU
 * time measured here is the server's alone.
 *
 * Runs, interleaved to spread the noise: warm-up (echo, read, write), then ROUNDS × (echo, read, write):
 *   echo   POST /echo         with the body of a /v1/messages request
 *   read   POST /v1/messages  「帮助」 from a member in bound group g1 (no writes)
 *   write  POST /v1/messages  「加入 <code> 成员N」, a fresh invite code and sender each time (5 inserts)
 *
 * Env: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 2), BENCH_ROUNDS (default 2),
 * BENCH_CONNECTIONS (default 10).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { CommandDeps as CoreDeps } from '../src/command/context.js';
import { assemble } from '../src/runtime/assemble.js';
import { openStore } from '../src/db/open.js';
import { invites } from '../src/db/schema.js';
import type { SqlStore, Write } from '../src/contracts/store.js';
import { createLogger } from '../src/contracts/log.js';
import {
  contentionNote,
  envNumber,
  storeNote,
  loadFigures,
  LOAD_COLUMNS,
  measureLoad,
  runLine,
  stripRun,
  summarizeRuns,
  type LoadSummary,
  type RunRecord,
} from './load-run.js';
import {
  round,
  storeDriver,
  target,
  type Benchmark,
  type BenchContext,
  type BenchResult,
  type Check,
  type Row,
} from './lib.js';
import {
  BENCH_CHAT,
  READER_ID,
  inviteCodeAt,
  joinBody,
  readBody,
  type FromChild,
  type LoadKind,
  type LoadResult,
  type LoadSpec,
  type ToChild,
} from './loadgen-protocol.js';

const LOADGEN = fileURLToPath(new URL('./loadgen.ts', import.meta.url));

/** The paths this benchmark loads (other benchmarks add their own kinds to the load generator). */
export type HttpKind = Exclude<LoadKind, 'checkin'>;
export const KINDS: readonly HttpKind[] = ['echo', 'read', 'write'];
export const PATHS: Record<HttpKind, string> = { echo: '/echo', read: '/v1/messages', write: '/v1/messages' };
/** What a correct 2xx answer contains. */
export const EXPECT: Record<HttpKind, string> = { echo: '"text":"帮助"', read: '先锋助手', write: '欢迎' };
const TARGETS: Partial<Record<HttpKind, { value: number; label: string }>> = {
  read: { value: 0.6, label: 'read >= 0.6x echo' },
  write: { value: 0.3, label: 'write >= 0.3x echo' },
};
const INVITE_TTL_MS = 7 * 86_400_000;

/** The load generator process, one run at a time. */
export class Loadgen {
  private constructor(private readonly child: ChildProcess) {}

  static async start(): Promise<Loadgen> {
    // Inherit tsx's loader flags, not profiler or inspector flags meant for the server.
    const execArgv: string[] = [];
    for (let i = 0; i < process.execArgv.length; i++) {
      const a = process.execArgv[i]!;
      if (/^--(cpu-prof|heap-prof|prof|inspect)/.test(a)) {
        if (/^--(cpu-prof-dir|cpu-prof-name|cpu-prof-interval|heap-prof-dir|heap-prof-name)$/.test(a)) i++;
        continue;
      }
      execArgv.push(a);
    }
    const child = fork(LOADGEN, [], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`load generator exited (${code}) before it was ready`)));
      child.once('message', (m: FromChild) =>
        m.type === 'ready' ? resolve() : reject(new Error(`unexpected ${m.type}`)),
      );
    });
    child.removeAllListeners('exit');
    child.removeAllListeners('error');
    return new Loadgen(child);
  }

  run(spec: LoadSpec): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load generator exited (${code}) during ${spec.label}`));
      this.child.once('exit', onExit);
      this.child.once('message', (m: FromChild) => {
        this.child.off('exit', onExit);
        if (m.type === 'result') resolve(m.result);
        else reject(new Error(m.type === 'error' ? m.message : `unexpected ${m.type}`));
      });
      this.child.send({ type: 'run', spec } satisfies ToChild);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'exit' } satisfies ToChild);
    const timer = setTimeout(() => this.child.kill(), 3000);
    await exited;
    clearTimeout(timer);
  }
}

interface Reply {
  replies: { text: string }[];
}

export interface BenchServer {
  origin: string;
  /** The served app (echo + Pioneer), for in-process `app.request` measurements. */
  app: Hono;
  deps: CoreDeps;
  store: SqlStore;
  dbPath: string;
  /** POST /v1/messages; returns the replies' text joined by newlines. */
  post(body: string): Promise<string>;
  /**
   * Pre-issues `count` invite codes `inviteCodeAt(block, i)` for 第一支部 straight into the invites table, in one
   * batch.
   */
  issueInvites(block: string, count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the server of this benchmark (bare echo + the real app, one process, one port) over a
 * fresh libSQL file, and sets up through the app itself: 党委, 第一支部, g1 bound to it, and
 * READER_ID joined as a 党员 with an invite code from 「邀请」.
 */
export async function startBenchServer(log: (msg: string) => void = () => {}): Promise<BenchServer> {
  const tmp = mkdtempSync(join(tmpdir(), 'pioneer-bench-'));
  const cleanup: (() => Promise<void> | void)[] = [() => rmSync(tmp, { recursive: true, force: true })];
  const close = async () => {
    for (const c of cleanup.splice(0))
      await Promise.resolve()
        .then(c)
        .catch((err: unknown) => log(`cleanup failed: ${String(err)}`));
  };
  try {
    const dbPath = `${tmp}/bench.db`;
    const env = { DATABASE_URL: `file:${dbPath}`, NODE_ENV: 'test', PIONEER_ADMINS: 'playground:admin' };
    const store = await openStore({ url: env.DATABASE_URL, driver: storeDriver() });
    cleanup.unshift(() => store.close());
    const silent = createLogger({ silent: true });
    const built = await assemble({ env, runtime: 'node', store: () => store, log: silent, adapters: [] });
    const { app: pioneerApp, deps } = built;
    const root = new Hono();
    root.post('/echo', async (c) => c.json(await c.req.json()));
    root.route('/', pioneerApp);
    const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve) => {
      const s = serve({ fetch: root.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
        resolve({ server: s, port: info.port }),
      );
    });
    cleanup.unshift(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const origin = `http://127.0.0.1:${port}`;
    log(
      `server on ${origin}, database ${dbPath} ` +
        `(${storeDriver() === 'client' ? '@libsql/client' : 'libSQL engine, cached statements'})`,
    );

    let seq = 0;
    const post = async (body: string): Promise<string> => {
      const res = await fetch(`${origin}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const json = (await res.json()) as Reply;
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(json)}`);
      return json.replies.map((r) => r.text).join('\n');
    };
    const admin = (text: string) =>
      post(
        JSON.stringify({
          platform: 'playground',
          chatId: BENCH_CHAT,
          chatType: 'group',
          chatName: '第一支部群',
          senderId: 'admin',
          senderName: '管理员',
          messageId: `setup-${++seq}`,
          text,
        }),
      );
    const expectReply = (what: string, reply: string, pattern: RegExp) => {
      if (!pattern.test(reply)) throw new Error(`set-up step「${what}」answered: ${reply}`);
      return reply;
    };
    expectReply('建组织 党委', await admin('建组织 泰山区某社区党委'), /已创建/);
    expectReply('建组织 支部', await admin('建组织 第一支部 泰山区某社区党委'), /已创建/);
    expectReply('绑定', await admin('绑定 第一支部'), /已绑定/);
    const readerCode = /邀请码：([A-Z0-9]{8})/.exec(await admin('邀请'))?.[1];
    if (!readerCode) throw new Error('邀请 gave no invite code');
    expectReply('reader joins', await post(joinBody('setup-reader', READER_ID, readerCode, '读者')), /欢迎/);
    const unitRow = await store.client.execute({ sql: 'SELECT id FROM units WHERE name = ?', args: ['第一支部'] });
    const unitId = String(unitRow.rows[0]!.id);

    const issueInvites = async (block: string, count: number) => {
      const now = Date.now();
      const writes: Write[] = [];
      for (let start = 0; start < count; start += 1000) {
        const rows = [];
        for (let i = start; i < Math.min(count, start + 1000); i++) {
          rows.push({
            code: inviteCodeAt(block, i),
            unitId,
            role: 'member' as const,
            partyStatus: 'formal' as const,
            createdBy: 'playground:admin',
            createdAt: now,
            expiresAt: now + INVITE_TTL_MS,
          });
        }
        writes.push(store.db.insert(invites).values(rows));
      }
      await store.batch(writes);
    };
    return { origin, app: root, deps, store, dbPath, post, issueInvites, close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const duration = envNumber('BENCH_DURATION', 10);
  const warmup = envNumber('BENCH_WARMUP', 2);
  const rounds = Math.round(envNumber('BENCH_ROUNDS', 2));
  const connections = Math.round(envNumber('BENCH_CONNECTIONS', 10));

  const srv = await startBenchServer(ctx.log);
  const { origin, store, post, issueInvites } = srv;
  let loadgen: Loadgen | undefined;
  try {
    // Sample answers before any load: what each path says, so the counts below mean something.
    const samples = {
      read: await post(readBody('sample-read')),
      echo: await (
        await fetch(`${origin}/echo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: readBody('sample-echo'),
        })
      ).text(),
      write: '',
    };
    await issueInvites('SA', 1);
    samples.write = await post(joinBody('sample-write', 'sample-joiner', inviteCodeAt('SA', 0), '样本'));
    const checks: Check[] = [
      {
        label: 'sample read reply',
        ok: samples.read.includes(EXPECT.read) && samples.read.includes('党员'),
        detail: samples.read.split('\n')[0]!,
      },
      { label: 'sample echo reply', ok: samples.echo.includes(EXPECT.echo), detail: samples.echo.slice(0, 80) },
      { label: 'sample write reply', ok: samples.write.includes(EXPECT.write), detail: samples.write },
    ];

    // --- load ---
    loadgen = await Loadgen.start();
    const count = async (table: 'members' | 'invite_uses') =>
      Number((await store.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
    let tagSeq = 0;
    const runOne = async (
      label: string,
      kind: HttpKind,
      seconds: number,
      codeBlock = '',
      codeCount = 0,
    ): Promise<RunRecord> => {
      const spec: LoadSpec = {
        label,
        kind,
        origin,
        path: PATHS[kind],
        connections,
        durationSeconds: seconds,
        runTag: `${kind}${++tagSeq}-${Date.now().toString(36)}`,
        codeBlock,
        codeCount,
        expect: EXPECT[kind],
      };
      const members0 = kind === 'write' ? await count('members') : 0;
      const uses0 = kind === 'write' ? await count('invite_uses') : 0;
      const rec = await measureLoad(loadgen!, spec);
      if (kind === 'write') {
        // autocannon drops requests still in flight when time is up; the server finishes them.
        await new Promise((resolve) => setTimeout(resolve, 300));
        rec.membersAdded = (await count('members')) - members0;
        rec.inviteUsesAdded = (await count('invite_uses')) - uses0;
      }
      ctx.log(runLine(label, rec) + (kind === 'write' ? `  joins ${rec.membersAdded} / welcomes ${rec.matched}` : ''));
      return rec;
    };

    ctx.log(
      `warm-up ${warmup} s each, then ${rounds} × (echo, read, write) × ${duration} s, ${connections} connections`,
    );
    const warm: RunRecord[] = [];
    await issueInvites('WU', 20_000);
    for (const kind of KINDS) warm.push(await runOne(`warm-${kind}`, kind, warmup, 'WU', 20_000));
    // Enough codes for the measured write runs: 3x the warm-up rate, never fewer than 20k.
    const warmWrite = warm.find((w) => w.kind === 'write')!;
    const perRound = Math.max(20_000, Math.ceil((warmWrite.responses / warmWrite.seconds) * duration * 3));
    for (let r = 1; r <= rounds; r++) await issueInvites(`R${r}`, perRound);
    await store.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');

    const measured: RunRecord[] = [];
    for (let r = 1; r <= rounds; r++) {
      for (const kind of KINDS) measured.push(await runOne(`${kind}#${r}`, kind, duration, `R${r}`, perRound));
    }

    // --- figures ---
    const byKind = Object.fromEntries(
      KINDS.map((k) => [k, summarizeRuns(measured.filter((m) => m.kind === k))]),
    ) as Record<HttpKind, LoadSummary>;
    const echo = byKind.echo;
    const rows: Row[] = KINDS.map((kind) => {
      const s = byKind[kind];
      const figures = loadFigures(s, echo);
      const t = TARGETS[kind];
      return { name: kind, figures, targets: t ? [target(figures, 'ratioToEcho', '>=', t.value, t.label)] : [] };
    });

    // --- checks: the load did what it claims ---
    for (const kind of KINDS) {
      const s = byKind[kind];
      checks.push({
        label: `${kind}: every answer 2xx and correct`,
        ok: s.non2xx === 0 && s.errors === 0 && s.matched === s.ok2xx && s.responses > 0,
        detail:
          `${s.responses} responses, ${s.ok2xx} 2xx, ${s.matched} containing ${JSON.stringify(EXPECT[kind])}, ` +
          `${s.non2xx} non-2xx, ${s.errors} errors/timeouts` +
          (s.matched !== s.ok2xx
            ? `; first other answer: ${measured.find((m) => m.kind === kind && m.firstMismatch)?.firstMismatch}`
            : ''),
      });
    }
    const writes = [...warm, ...measured].filter((m) => m.kind === 'write');
    for (const w of writes) {
      const extra = (w.membersAdded ?? 0) - w.matched;
      checks.push({
        label: `${w.label}: joins in the database match welcome answers`,
        // Up to one request per connection may be cut off by the end of the run yet still commit.
        ok: extra >= 0 && extra <= connections && w.inviteUsesAdded === w.membersAdded && w.built <= w.codeCount,
        detail:
          `members +${w.membersAdded}, invite_uses +${w.inviteUsesAdded}, welcomes ${w.matched}, 2xx ${w.ok2xx}, ` +
          `codes used ${w.built}/${w.codeCount}`,
      });
    }

    const perRoundRatios = Array.from({ length: rounds }, (_, i) => {
      const [e, rd, wr] = KINDS.map((k) => measured.find((m) => m.label === `${k}#${i + 1}`)!);
      const rate = (m: RunRecord) => m.responses / m.seconds;
      return { round: i + 1, read: round(rate(rd!) / rate(e!), 3), write: round(rate(wr!) / rate(e!), 3) };
    });
    const genBound = echo.loadGenCpuPct > 85;
    const notes = [
      `${connections} connections, ${rounds} interleaved rounds × ${duration} s per path after ${warmup} s warm-ups; ` +
        `req/s = responses / wall time over the rounds, p50/p99 over all responses of the rounds.`,
      'server µs/req = process.cpuUsage() (user+system) of the server process during the run ÷ responses: ' +
        'Hono, the Pioneer core, and libSQL (on the main thread, plus its checkpoint thread). ' +
        'autocannon runs in a child process and is not included.',
      `cpu ratio = echo µs/req ÷ this path's µs/req: the throughput ratio the server alone would allow, ` +
        `independent of the load generator.`,
      `per-round ratios (read, write): ${perRoundRatios.map((r) => `#${r.round} ${r.read}, ${r.write}`).join('; ')}.`,
      genBound
        ? `the load generator used ${echo.loadGenCpuPct.toFixed(0)}% of a core during echo: ` +
          `echo is probably capped by it, which flatters the read/write ratios; compare the cpu ratios.`
        : `the load generator used ${echo.loadGenCpuPct.toFixed(0)}% of a core during echo.`,
    ];
    const contended = contentionNote(byKind);
    if (contended) notes.push(contended);
    notes.push(storeNote(store));

    return {
      columns: LOAD_COLUMNS,
      rows,
      checks,
      notes,
      details: {
        parameters: {
          connections,
          durationSeconds: duration,
          warmupSeconds: warmup,
          rounds,
          invitesPerRound: perRound,
        },
        samples,
        perRoundRatios,
        warmup: warm.map(stripRun),
        runs: measured.map(stripRun),
      },
    };
  } finally {
    await loadgen?.stop().catch((err: unknown) => ctx.log(`load generator stop failed: ${String(err)}`));
    await srv.close();
  }
}

export const httpBench: Benchmark = {
  name: 'http',
  description: 'POST /echo vs POST /v1/messages read (帮助) and write (加入) on one real server',
  run,
};
