/**
 * Shared pieces of `npm run bench`: what a benchmark module exports, how its table is printed and
 * what lands in bench/results/<name>.json. A benchmark is a plain object; bench/run.ts lists them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmbeddedDriver } from '../src/db/open.js';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const RESULTS_DIR = join(BENCH_DIR, 'results');

/** A figure in a row: a number, a short text, or null when it could not be measured. */
export type Figure = number | string | boolean | null;

/** "this figure must be >= / <= value"; `met` is filled in by `checkTarget`. */
export interface Target {
  /** Key of the figure in the row's `figures`. */
  figure: string;
  op: '>=' | '<=';
  value: number;
  /** Human wording, e.g. "read >= 0.6x echo". */
  label: string;
  actual: number | null;
  met: boolean;
}

export interface Row {
  name: string;
  figures: Record<string, Figure>;
  targets: Target[];
}

/** A sanity check that the benchmark measured what it claims (not a performance target). */
export interface Check {
  label: string;
  ok: boolean;
  detail: string;
}

export interface Column {
  /** Key in `figures`. */
  key: string;
  label: string;
  /** Decimal places for numbers (default 0). */
  digits?: number;
}

export interface BenchResult {
  /** Table columns, in order; the name column and a targets column are added by the runner. */
  columns: Column[];
  rows: Row[];
  checks?: Check[];
  notes?: string[];
  /** Anything else worth keeping in the JSON (per-round figures, parameters, …). */
  details?: Record<string, unknown>;
}

export interface BenchContext {
  /** Progress line (stderr), so stdout stays the tables. */
  log(msg: string): void;
}

export interface Benchmark {
  /** Short name: the filter argument and the file name bench/results/<name>.json. */
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

/** Builds a target and evaluates it against the row's figure. */
export function target(
  figures: Record<string, Figure>,
  figure: string,
  op: '>=' | '<=',
  value: number,
  label: string,
): Target {
  const v = figures[figure];
  const actual = typeof v === 'number' && Number.isFinite(v) ? v : null;
  const met = actual !== null && (op === '>=' ? actual >= value : actual <= value);
  return { figure, op, value, label, actual, met };
}

export function machineInfo() {
  const c = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${platform()} ${release()}`,
    arch: process.arch,
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    cpuCount: c.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  };
}

/** Value at quantile q (0..1) of an ascending array, nearest-rank. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export function median(xs: readonly number[]): number {
  return quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Display width in a terminal: CJK and full-width characters take two cells. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w +=
      cp >= 0x1100 &&
      (cp <= 0x115f ||
        (cp >= 0x2e80 && cp <= 0xa4cf) ||
        (cp >= 0xac00 && cp <= 0xd7a3) ||
        (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0xfe30 && cp <= 0xfe4f) ||
        (cp >= 0xff00 && cp <= 0xff60) ||
        (cp >= 0xffe0 && cp <= 0xffe6))
        ? 2
        : 1;
  }
  return w;
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}

export function formatFigure(v: Figure | undefined, digits = 0): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '—';
    return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  return v;
}

function targetText(t: Target): string {
  return `${t.label}: ${t.met ? 'met' : 'NOT MET'}`;
}

/** The table a benchmark prints: name, its columns, then its targets. */
export function renderTable(title: string, result: BenchResult): string {
  const header = ['', ...result.columns.map((c) => c.label), 'target'];
  const body = result.rows.map((r) => [
    r.name,
    ...result.columns.map((c) => formatFigure(r.figures[c.key], c.digits)),
    r.targets.length ? r.targets.map(targetText).join('; ') : '',
  ]);
  const widths = header.map((h, i) => Math.max(width(h), ...body.map((row) => width(row[i]!))));
  const numeric = header.map((_, i) => i > 0 && i < header.length - 1);
  const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i]!, numeric[i]!)).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  const out = [`## ${title}`, '', line(header), sep, ...body.map(line)];
  if (result.checks?.length) {
    out.push('', 'checks:');
    for (const c of result.checks) out.push(`  [${c.ok ? 'ok' : 'FAILED'}] ${c.label} — ${c.detail}`);
  }
  if (result.notes?.length) {
    out.push('', 'notes:');
    for (const n of result.notes) out.push(`  - ${n}`);
  }
  return out.join('\n');
}

export interface ResultFile {
  name: string;
  description: string;
  date: string;
  node: string;
  cpuModel: string;
  machine: ReturnType<typeof machineInfo>;
  durationSeconds: number;
  rows: Row[];
  allTargetsMet: boolean;
  checks: Check[];
  notes: string[];
  details: Record<string, unknown>;
}

export function writeResultFile(file: ResultFile): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${file.name}.json`);
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  return path;
}

/** BENCH_DB_DRIVER=client opens embedded files through @libsql/client instead of the engine (to compare). */
export function storeDriver(): EmbeddedDriver {
  return process.env.BENCH_DB_DRIVER === 'client' ? 'client' : 'engine';
}
