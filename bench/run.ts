/**
 * `npm run bench [-- <filter>]`: runs every benchmark listed below (or those whose name contains
 * the filter), prints a table for each and writes bench/results/<name>.json.
 *
 * Adding a benchmark: write bench/<name>.ts exporting a `Benchmark` (see bench/lib.ts), then add
 * one import line and one entry to BENCHMARKS.
 */
import { performance } from 'node:perf_hooks';
import { machineInfo, renderTable, writeResultFile, type Benchmark } from './lib.js';
import { checkinBench } from './checkin.js';
import { crashBench } from './crash.js';
import { dashboardBench } from './dashboard.js';
import { districtBench } from './district.js';
import { fuzzBench } from './fuzz.js';
import { httpBench } from './http.js';
import { inputsBench } from './inputs.js';
import { larkBench } from './lark.js';
import { memoryBench } from './memory.js';
import { outboxBench } from './outbox.js';
import { pairingBench } from './pairing.js';
import { recordsBench } from './records.js';
import { schedulerBench } from './scheduler.js';
import { timesBench } from './times.js';
import { wechatyBench } from './wechaty.js';
import { workerdBench } from './workerd.js';

export const BENCHMARKS: readonly Benchmark[] = [
  httpBench,
  checkinBench,
  larkBench,
  pairingBench,
  outboxBench,
  schedulerBench,
  fuzzBench,
  crashBench,
  wechatyBench,
  timesBench,
  dashboardBench,
  districtBench,
  recordsBench,
  inputsBench,
  workerdBench,
  memoryBench,
];

async function main(argv: string[]): Promise<number> {
  const filters = argv.filter((a) => !a.startsWith('-')).map((a) => a.toLowerCase());
  if (argv.includes('--list')) {
    for (const b of BENCHMARKS) console.log(`${b.name}\t${b.description}`);
    return 0;
  }
  const selected = filters.length
    ? BENCHMARKS.filter((b) => filters.some((f) => b.name.toLowerCase().includes(f)))
    : BENCHMARKS;
  if (selected.length === 0) {
    console.error(`no benchmark matches ${filters.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const machine = machineInfo();
  console.log(`node ${machine.node} · ${machine.cpuModel} × ${machine.cpuCount} · ${machine.platform}`);
  let failedChecks = 0;
  for (const bench of selected) {
    const log = (msg: string) => process.stderr.write(`[${bench.name}] ${msg}\n`);
    log(`start: ${bench.description}`);
    const date = new Date();
    const t0 = performance.now();
    const result = await bench.run({ log });
    const seconds = (performance.now() - t0) / 1000;
    const checks = result.checks ?? [];
    failedChecks += checks.filter((c) => !c.ok).length;
    console.log(`\n${renderTable(`${bench.name} — ${bench.description}`, result)}\n`);
    const path = writeResultFile({
      name: bench.name,
      description: bench.description,
      date: date.toISOString(),
      node: machine.node,
      cpuModel: machine.cpuModel,
      machine,
      durationSeconds: Math.round(seconds * 10) / 10,
      rows: result.rows,
      allTargetsMet: result.rows.every((r) => r.targets.every((t) => t.met)),
      checks,
      notes: result.notes ?? [],
      details: result.details ?? {},
    });
    log(`done in ${seconds.toFixed(1)} s → ${path}`);
  }
  // Missed targets are findings, not failures; a failed check means the figures cannot be trusted.
  return failedChecks ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
