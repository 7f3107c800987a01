/**
 * `fuzz`: property-based fuzzing at volume, with the generators of the fuzz tests
 * (test/helpers/fuzz-inputs.ts, fuzz-http.ts).
 *
 * Rows:
 *   parseCommand        generated chat text + mentions, each parse timed with the registry's lookup
 *                       of what it means (word, saying or glued form: src/command/phrasing.ts), as
 *                       the dispatcher does; properties of fuzz-parse.ts
 *   POST /v1/messages   generated requests against a populated organisation (every role), in-process
 * Targets: parsing p99 and the slowest input (re-timed, best of 5) under 1 ms; zero violations.
 * The raw maximum includes garbage-collection pauses and the scheduler of a shared machine, so
 * the slowest 20 inputs are run again and their best time is what the target judges (requests too,
 * for information: a slow path shows again, a pause does not).
 *
 * Env: FUZZ_PARSE_RUNS (default 150000), FUZZ_HTTP_RUNS (default 30000), FUZZ_SEED (default 20261201).
 */
import fc from 'fast-check';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createRegistry } from '../commands/index.js';
import { parseCommand } from '../src/command/parse.js';
import { FUZZ_TOKEN, fuzzRequest, runFuzzRequest, type FuzzRequest } from '../test/helpers/fuzz-http.js';
import { parseInput, type FuzzParseInput } from '../test/helpers/fuzz-inputs.js';
import { parseProblems } from '../test/helpers/fuzz-parse.js';
import { createWorld } from '../test/helpers/world.js';
import { quantile, round, target, type Benchmark, type BenchContext, type Check, type Row } from './lib.js';

const CHUNK = 10_000;
const RETIMED = 20;
const MAX_PARSE_MS = 1;

function envInt(name: string, def: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : def;
}

/** Inputs in chunks, so 100k+ long strings never sit in memory at once. */
function* chunks<T>(arb: fc.Arbitrary<T>, total: number, seed: number): Generator<T[]> {
  for (let done = 0, i = 0; done < total; done += CHUNK, i++)
    yield fc.sample(arb, { numRuns: Math.min(CHUNK, total - done), seed: seed + i });
}

const registry = createRegistry();

/** What the dispatcher does before it runs anything: parse, then find what the words mean. */
function parseAndRecognise(input: FuzzParseInput): void {
  const parsed = parseCommand(input.text, input.mentions, input.mentionsBot);
  if (parsed) registry.recognise(parsed, 'group');
}

async function fuzzParser(ctx: BenchContext, runs: number, seed: number) {
  const times = new Float64Array(runs);
  const slowest: { ms: number; input: FuzzParseInput }[] = [];
  const violations: string[] = [];
  let n = 0;
  for (const batch of chunks(parseInput, runs, seed)) {
    for (const input of batch) {
      const t0 = performance.now();
      try {
        parseAndRecognise(input);
      } catch {
        // counted by parseProblems below
      }
      const ms = performance.now() - t0;
      times[n++] = ms;
      if (slowest.length < RETIMED || ms > slowest[slowest.length - 1]!.ms) {
        slowest.push({ ms, input });
        slowest.sort((a, b) => b.ms - a.ms);
        slowest.length = Math.min(slowest.length, RETIMED);
      }
      for (const p of parseProblems(input))
        if (violations.length < 20) violations.push(`${p}: ${JSON.stringify(input.text).slice(0, 120)}`);
    }
    ctx.log(`parser: ${n}/${runs}`);
  }
  const retimed = slowest.map(({ input }) => {
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      parseAndRecognise(input);
      best = Math.min(best, performance.now() - t0);
    }
    return { best, chars: input.text.length, mentions: input.mentions.length };
  });
  const sorted = times.sort();
  return { n, violations, sorted, retimed };
}

async function fuzzHttp(ctx: BenchContext, runs: number, seed: number) {
  const t = await createWorld({ env: { CORE_TOKEN: FUZZ_TOKEN } });
  try {
    const statuses: Record<string, number> = {};
    const times: number[] = [];
    const violations: string[] = [];
    const slowest: { ms: number; req: FuzzRequest }[] = [];
    let n = 0;
    let direct = 0;
    for (const batch of chunks(fuzzRequest, runs, seed)) {
      for (const req of batch) {
        const t0 = performance.now();
        const out = await runFuzzRequest(t.app, t.core.deps.registry, req);
        const ms = performance.now() - t0;
        times.push(ms);
        if (slowest.length < RETIMED || ms > slowest[slowest.length - 1]!.ms) {
          slowest.push({ ms, req });
          slowest.sort((a, b) => b.ms - a.ms);
          slowest.length = Math.min(slowest.length, RETIMED);
        }
        n++;
        statuses[out.status] = (statuses[out.status] ?? 0) + 1;
        if (out.answeredDirect) direct++;
        for (const p of out.problems) if (violations.length < 20) violations.push(p.slice(0, 240));
      }
      ctx.log(`http: ${n}/${runs}`);
    }
    // Sent again (valid messages with a fresh id): a slow path shows again, a pause does not.
    const retimed: { best: number; what: string }[] = [];
    for (const { req } of slowest) {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await runFuzzRequest(t.app, t.core.deps.registry, req);
        best = Math.min(best, performance.now() - t0);
      }
      retimed.push({
        best,
        what:
          `${req.kind} ` +
          `${(req.message ? JSON.stringify(req.message.text) : `${req.body.length} bytes`).slice(0, 40)}`,
      });
    }
    retimed.sort((a, b) => b.best - a.best);
    const errors = t.log.lines.filter((l) => l.level === 'error');
    const healthy = (await t.app.request('/healthz')).status === 200;
    return { n, statuses, direct, violations, errors, healthy, retimed, sorted: times.sort((a, b) => a - b) };
  } finally {
    await t.close();
  }
}

export const fuzzBench: Benchmark = {
  name: 'fuzz',
  description: 'property-based fuzzing of the command parser and POST /v1/messages (fast-check)',
  async run(ctx) {
    const parseRuns = envInt('FUZZ_PARSE_RUNS', 150_000);
    const httpRuns = envInt('FUZZ_HTTP_RUNS', 30_000);
    const seed = envInt('FUZZ_SEED', 20261201);
    const p = await fuzzParser(ctx, parseRuns, seed);
    const h = await fuzzHttp(ctx, httpRuns, seed);
    const us = (ms: number) => round(ms * 1000, 1);
    const maxRetimed = Math.max(...p.retimed.map((r) => r.best));
    const parseFigures = {
      inputs: p.n,
      violations: p.violations.length,
      p50: us(quantile(p.sorted, 0.5)),
      p99: us(quantile(p.sorted, 0.99)),
      max: us(p.sorted[p.sorted.length - 1]!),
      maxRetimed: us(maxRetimed),
      statuses: '—',
    };
    const httpFigures = {
      inputs: h.n,
      violations: h.violations.length + h.errors.length,
      p50: us(quantile(h.sorted, 0.5)),
      p99: us(quantile(h.sorted, 0.99)),
      max: us(h.sorted[h.sorted.length - 1]!),
      maxRetimed: us(h.retimed[0]?.best ?? Number.NaN),
      statuses: Object.entries(h.statuses)
        .map(([s, c]) => `${s}:${c}`)
        .join(' '),
    };
    const rows: Row[] = [
      {
        name: 'parseCommand',
        figures: parseFigures,
        targets: [
          target(parseFigures, 'p99', '<=', MAX_PARSE_MS * 1000, 'p99 <= 1 ms'),
          target(parseFigures, 'maxRetimed', '<=', MAX_PARSE_MS * 1000, 'slowest (re-timed) <= 1 ms'),
          target(parseFigures, 'violations', '<=', 0, 'no violations'),
        ],
      },
      {
        name: 'POST /v1/messages',
        figures: httpFigures,
        targets: [target(httpFigures, 'violations', '<=', 0, 'no violations')],
      },
    ];
    const checks: Check[] = [
      {
        label: 'at least 100k generated inputs',
        ok: p.n + h.n >= 100_000 || parseRuns + httpRuns < 100_000,
        detail: `${p.n + h.n} (${p.n} parses + ${h.n} requests)`,
      },
      {
        label: 'every answer kind exercised',
        ok: ['200', '400', '401', '413'].every((s) => h.statuses[s]),
        detail: JSON.stringify(h.statuses),
      },
      {
        label: 'direct messages reached the dispatcher',
        ok: h.direct > h.n / 10,
        detail: `${h.direct} answered direct messages`,
      },
      {
        label: 'database still answers',
        ok: h.healthy,
        detail: h.healthy ? 'GET /healthz 200' : 'GET /healthz failed',
      },
    ];
    return {
      columns: [
        { key: 'inputs', label: 'inputs' },
        { key: 'violations', label: 'violations' },
        { key: 'p50', label: 'p50 µs', digits: 1 },
        { key: 'p99', label: 'p99 µs', digits: 1 },
        { key: 'max', label: 'max µs', digits: 1 },
        { key: 'maxRetimed', label: 'slowest re-timed µs', digits: 1 },
        { key: 'statuses', label: 'HTTP statuses' },
      ],
      rows,
      checks,
      notes: [
        `fuzz count: ${p.n + h.n} generated inputs (${p.n} parses, ${h.n} HTTP requests), seed ${seed}`,
        'HTTP requests: valid messages from every role in g1/g2/unbound groups and direct chats (12/19), ' +
          'a field broken (3/19), garbage or deeply nested JSON (2/19), bodies over the limit (1/19), ' +
          'missing or wrong bearer token (1/19)',
        'properties: no 500 and no apology, 200/400/401/413 as the request deserves, every direct message answered, ' +
          'no reply to group chatter, no household data in a group, no error logged',
        `slowest requests re-timed (best of 3): ${h.retimed
          .slice(0, 3)
          .map((r) => `${round(r.best, 1)} ms (${r.what})`)
          .join('; ')}`,
        `slowest parses re-timed (best of 5): ${p.retimed
          .slice(0, 5)
          .map((r) => `${us(r.best)} µs (${r.chars} chars, ${r.mentions} mentions)`)
          .join('; ')}`,
        ...p.violations.map((v) => `parser violation: ${v}`),
        ...h.violations.map((v) => `HTTP violation: ${v}`),
        ...h.errors.slice(0, 5).map((e) => `error logged: ${e.msg} ${JSON.stringify(e.fields).slice(0, 200)}`),
        `load average at the end: ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' / ')} (1/5/15 min)`,
      ],
      details: { parseRuns, httpRuns, seed, retimed: p.retimed, statuses: h.statuses },
    };
  },
};
