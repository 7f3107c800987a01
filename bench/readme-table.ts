/**
 * Prints the README's district table (issue 24) from the last results: bench/results/district.json,
 * memory.json, checkin.json and workerd.json (`npx tsx bench/readme-table.ts`). Not a benchmark: it
 * runs nothing, so the README's figures are the JSON's, copied by a program rather than by hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR, type ResultFile, type Row } from './lib.js';

function load(name: string): ResultFile | null {
  const path = join(RESULTS_DIR, `${name}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ResultFile) : null;
}

const num = (v: unknown, digits = 0): string =>
  typeof v === 'number' && Number.isFinite(v)
    ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—';
/** A figure of the row's detail text ("n 30, p50 15.56, ..."). */
function detail(r: Row, key: string): number | undefined {
  const m = new RegExp(`(?:^|, )${key} (-?[\\d.]+)`).exec(String(r.figures.detail ?? ''));
  return m ? Number(m[1]) : undefined;
}
const verdict = (r: Row) => (r.targets.length ? (r.targets.every((t) => t.met) ? 'met' : '**not met**') : '—');
const targetText = (r: Row) => r.targets.map((t) => t.label).join('; ') || 'informational';

function districtRows(file: ResultFile, what: string): string[] {
  const out: string[] = [];
  for (const r of file.rows) {
    const f = r.figures;
    if (f.measure === 'heapMiB' || f.measure === 'afterMiB') continue;
    const measure = String(f.measure);
    const p50 = measure === 'p50' ? f.district : detail(r, 'p50');
    const p95 = measure === 'p95' ? f.district : detail(r, 'p95');
    const p99 = measure === 'p99' ? ` (p99 ${num(f.district, 0)})` : '';
    out.push(
      `| ${what}${r.name} | ${num(p50, 1)} | ${num(p95, 1)}${p99} | ${num(f.oneBranch, 1)} (${measure}) | ` +
        `${num(f.ratio, 2)}× | ${targetText(r)} | ${verdict(r)} |`,
    );
  }
  return out;
}

const lines: string[] = [
  '| case | p50 ms | p95 ms | one branch ms | ratio | target | |',
  '|---|--:|--:|--:|--:|---|---|',
];
const district = load('district');
if (district) {
  lines.push(...districtRows(district, ''));
  const year = district.rows.find((r) => r.figures.measure === 'afterMiB');
  if (year)
    lines.push(
      `| database after a year, retention run | ${num(detail(year, 'beforeMiB'), 0)} MiB written → ` +
        `${num(year.figures.district, 0)} MiB live | | ${num(year.figures.oneBranch, 1)} MiB | ` +
        `${num(year.figures.ratio, 0)}× | printed, bounded | ${num(detail(year, 'keptBookkeepingRows'))} ` +
        'bookkeeping rows kept |',
    );
}
const memory = load('memory');
if (memory) {
  const r = memory.rows[0]!;
  const f = r.figures;
  lines.push(
    `| memory over ${num(f.messages)} handled messages | heap after GC ${num(f.heapStart, 1)} → ` +
      `${num(f.heapMiddle, 1)} → ${num(f.heapEnd, 1)} MiB (${num(f.heapGrowthPct, 1)}%) | RSS ${num(f.rssStart)} → ` +
      `${num(f.rssEnd)} MiB, anonymous ${num(f.rssAnonStart)} → ${num(f.rssAnonEnd)} MiB ` +
      `(${num(f.rssAnonGrowthPct, 1)}%) | | | ${targetText(r)} | ${verdict(r)} |`,
  );
}
const checkin = load('checkin');
if (checkin) {
  const r = checkin.rows.find((x) => x.name === 'checkin')!;
  const echo = checkin.rows.find((x) => x.name === 'echo')!;
  lines.push(
    `| \`checkin\`: 签到 on one branch, 50 connections | ${num(r.figures.p50Ms, 1)} | p99 ${num(r.figures.p99Ms, 1)} | ` +
      `echo ${num(echo.figures.reqPerSec)} req/s, 签到 ${num(r.figures.reqPerSec)} | ` +
      `${num(r.figures.ratioToEcho, 2)}× echo (CPU ${num(r.figures.serverCpuUsPerReq)} vs ` +
      `${num(echo.figures.serverCpuUsPerReq)} µs/req) | ${targetText(r)} | ${verdict(r)} |`,
  );
}
const workerd = load('workerd');
if (workerd) {
  lines.push(...districtRows(workerd, 'D1: '));
  const scale = workerd.notes.find((n) => n.startsWith('scale:')) ?? '';
  console.error(`D1 ${scale.replace(/, \{.*$/, '')}`);
}
console.log(lines.join('\n'));
for (const [name, f] of Object.entries({ district, memory, checkin, workerd }))
  if (f) console.log(`\n${name}: ${f.date}, ${f.durationSeconds} s; ${f.notes.at(-1) ?? ''}`);
