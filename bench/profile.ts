/**
 * Where the server's time goes on one path of the http benchmark (not part of `npm run bench`):
 *
 *   npx tsx bench/profile.ts <echo|read|write> [seconds=8]
 *
 * Starts the same server as bench/http.ts, loads one path from the child-process load generator,
 * and CPU-profiles the server process only (node:inspector, 100 µs sampling) for the measured part.
 * Writes bench/results/http-<path>.cpuprofile (open it in Chrome DevTools or speedscope) and prints
 * self and inclusive time by package and by function.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, relative } from 'node:path';
import { EXPECT, KINDS, Loadgen, PATHS, startBenchServer, type HttpKind } from './http.js';
import type { LocalStore } from '../src/db/local.js';
import { BENCH_DIR, RESULTS_DIR } from './lib.js';
import type { LoadSpec } from './loadgen-protocol.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const ROOT = join(BENCH_DIR, '..');

/** The package (or project folder) a frame belongs to. */
function packageOf(f: CallFrame): string {
  if (!f.url) return f.functionName.startsWith('(') ? f.functionName : '(native)';
  if (f.url.startsWith('node:')) return 'node:internal';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url);
  if (m) return m[1]!;
  const path = f.url.replace(/^file:\/\//, '');
  if (path.startsWith(ROOT)) return relative(ROOT, path).split('/').slice(0, 2).join('/');
  return path;
}

function frameKey(f: CallFrame): string {
  const path = f.url.replace(/^file:\/\//, '');
  // Project files run through tsx's transform, whose line numbers mean nothing here.
  const where = !f.url
    ? ''
    : path.startsWith(ROOT) && !path.includes('node_modules')
      ? relative(ROOT, path)
      : `${path.replace(/.*node_modules\//, '')}:${f.lineNumber + 1}`;
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
}

function isProject(f: CallFrame): boolean {
  const path = f.url.replace(/^file:\/\//, '');
  return path.startsWith(ROOT) && !path.includes('node_modules') && !path.includes('/bench/');
}

export function summarize(profile: Profile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Time of sample i is the gap to the next sample (the last one gets the mean).
  const total = profile.endTime - profile.startTime;
  const weights = profile.samples.map((_, i) => profile.timeDeltas[i + 1] ?? total / profile.samples.length);
  const selfFn = new Map<string, number>();
  const selfPkg = new Map<string, number>();
  const inclPkg = new Map<string, number>();
  const inclProject = new Map<string, number>();
  let busy = 0;
  const add = (m: Map<string, number>, k: string, w: number) => m.set(k, (m.get(k) ?? 0) + w);
  profile.samples.forEach((id, i) => {
    const w = weights[i]!;
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName === '(idle)') return;
    busy += w;
    add(selfFn, frameKey(leaf.callFrame), w);
    add(selfPkg, packageOf(leaf.callFrame), w);
    const pkgs = new Set<string>();
    const fns = new Set<string>();
    for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
      pkgs.add(packageOf(n.callFrame));
      if (isProject(n.callFrame)) fns.add(frameKey(n.callFrame));
    }
    for (const p of pkgs) add(inclPkg, p, w);
    for (const f of fns) add(inclProject, f, w);
  });
  const pct = (w: number) => `${((100 * w) / busy).toFixed(1).padStart(5)}%`;
  const list = (title: string, m: Map<string, number>, n: number) =>
    [
      `${title}`,
      ...[...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, w]) => `  ${pct(w)}  ${k}`),
    ].join('\n');
  return [
    `busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms profiled (percentages are of busy time)`,
    list('self time by package:', selfPkg, 15),
    list('inclusive time by package (a sample counts once per package on its stack):', inclPkg, 15),
    list('inclusive time of project functions:', inclProject, top),
    list('self time by function:', selfFn, top),
  ].join('\n\n');
}

/**
 * Starts CPU-profiling this process (100 µs sampling); the returned function stops, writes
 * bench/results/<name>.cpuprofile and returns the summary.
 */
export async function startProfile(name = 'checkin'): Promise<() => Promise<string>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
    session.disconnect();
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
    return summarize(profile, 40);
  };
}

async function main(): Promise<void> {
  const kind = (process.argv[2] ?? 'read') as HttpKind;
  if (!KINDS.includes(kind)) throw new Error(`usage: tsx bench/profile.ts <${KINDS.join('|')}> [seconds]`);
  const seconds = Number(process.argv[3] ?? 8);
  const srv = await startBenchServer((m) => console.error(m));
  const loadgen = await Loadgen.start();
  try {
    // Write runs need a fresh invite code per request: 20k for the warm-up, 60k for the profile.
    const write = kind === 'write';
    if (write) {
      await srv.issueInvites('PX', 20_000);
      await srv.issueInvites('PW', 60_000);
    }
    const spec = (label: string, s: number, block: string, codeCount: number): LoadSpec => ({
      label,
      kind,
      origin: srv.origin,
      path: PATHS[kind],
      connections: 10,
      durationSeconds: s,
      runTag: `${label}-${Date.now().toString(36)}`,
      codeBlock: block,
      codeCount: write ? codeCount : 0,
      expect: EXPECT[kind],
    });
    await loadgen.run(spec('warm', 2, 'PX', 20_000));
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    const r = await loadgen.run(spec('prof', seconds, 'PW', 60_000));
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
    session.disconnect();
    mkdirSync(RESULTS_DIR, { recursive: true });
    const out = join(RESULTS_DIR, `http-${kind}.cpuprofile`);
    writeFileSync(out, JSON.stringify(profile));
    console.log(
      `${kind}: ${r.responses} responses in ${r.seconds.toFixed(1)} s ` +
        `(${(r.responses / r.seconds).toFixed(0)} req/s under the profiler), ${r.matched} correct, ${r.non2xx} non-2xx`,
    );
    console.log(`profile: ${out}`);
    const group = (srv.store as Partial<LocalStore>).group?.stats;
    if (group)
      console.log(
        `group commit (whole run): ${group.transactions} transactions, ` +
          `${group.grouped} batches committed with others, ${group.fallbacks} fallbacks`,
      );
    console.log('');
    console.log(summarize(profile));
  } finally {
    await loadgen.stop();
    await srv.close();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
