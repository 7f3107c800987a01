/**
 * The time-expression corpus (corpus/*.tsv): expressions from the Chinese test suites of public
 * time parsers and our own, each with a reference time, a zone and what a meeting (or notice)
 * scheduled with those words must be. Shared by corpus.test.ts and `npm run bench -- times`.
 *
 * File format: `# comment`; `@now YYYY-MM-DD HH:MM <IANA zone>` and `@purpose meeting|notice` set
 * the context of the rows below; a row is `kind <TAB> text <TAB> expected <TAB> assumptions`, where
 * expected is a wall time in the zone (`2026-11-28 15:00`, seconds when not zero), a range
 * (`2026-11-28 15:00..17:00`, `2026-11-27 23:00..2026-11-28 02:00`) or a refusal reason (`past`),
 * and assumptions is a comma list of Assumption kinds (`-` for none).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromZoned, zonedParts } from '../../../../src/contracts/time.js';
import type { AssumptionKind, Purpose, ReadResult, RefusalReason } from '../../../../src/command/time/types.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'corpus');

/** Where each file's expressions come from (repository and files). */
export const SOURCES: Record<string, string> = {
  chrono: 'wanasit/chrono test/zh',
  jionlp: 'dongrixinyu/JioNLP test/test_time_parser.py, test_time_extractor.py',
  recognizers: 'microsoft/Recognizers-Text Specs/DateTime/Chinese',
  duckling: 'facebook/duckling Duckling/Time/ZH/Corpus.hs',
  timenlp: 'shinyke/Time-NLP, zhanzecheng/Time_NLP, CaoMeiYouRen/chi-time-nlp-ts',
  pioneer: 'issue 16 and secretaries (our own)',
  heldout: 'held out: microsoft/Recognizers-Text DateTimeModel.json and others, and our own',
  heldout2: 'held out, second round: our own',
};

export type Expected = { ok: true; start: string; end?: string } | { ok: false; reason: RefusalReason };

export interface CorpusRow {
  source: string;
  line: number;
  kind: string;
  text: string;
  now: Date;
  timeZone: string;
  purpose: Purpose;
  expected: Expected;
  /** Assumption kinds the answer must report, in any order. */
  assumed: AssumptionKind[];
}

/** What a reader made of a row, whatever the reader: instants, or a refusal (null start). */
export interface Outcome {
  start: Date | null;
  end?: Date | null;
  reason?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD HH:MM', with ':SS' when the seconds are not zero, in `tz`. */
export function wall(d: Date, tz: string): string {
  const p = zonedParts(d, tz);
  const s = d.getUTCSeconds();
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}${s ? `:${pad(s)}` : ''}`;
}

function parseWall(s: string, tz: string): Date {
  const g = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(s);
  if (!g) throw new Error(`bad @now ${s}`);
  return fromZoned({ year: +g[1]!, month: +g[2]!, day: +g[3]!, hour: +g[4]!, minute: +g[5]! }, tz);
}

function parseExpected(s: string): Expected {
  if (/^[a-z_]+$/.test(s)) return { ok: false, reason: s as RefusalReason };
  const [start, end] = s.split('..') as [string, string | undefined];
  if (end === undefined) return { ok: true, start };
  // A range end written as a time only is on the start's date.
  return { ok: true, start, end: /^\d{4}-/.test(end) ? end : `${start.slice(0, 10)} ${end}` };
}

function parseFile(source: string, text: string): CorpusRow[] {
  const rows: CorpusRow[] = [];
  let now: Date | null = null;
  let timeZone = 'Asia/Shanghai';
  let purpose: Purpose = 'meeting';
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) return;
    const at = /^@now (\S+ \S+) (\S+)$/.exec(line);
    if (at) {
      timeZone = at[2]!;
      now = parseWall(at[1]!, timeZone);
      return;
    }
    const p = /^@purpose (meeting|notice)$/.exec(line);
    if (p) {
      purpose = p[1] as Purpose;
      return;
    }
    const cols = line.split('\t');
    if (cols.length !== 4 || !now) throw new Error(`${source}.tsv:${i + 1}: expected 4 columns after an @now line`);
    const [kind, expr, expected, assumed] = cols as [string, string, string, string];
    rows.push({
      source,
      line: i + 1,
      kind,
      text: expr,
      now,
      timeZone,
      purpose,
      expected: parseExpected(expected),
      assumed: assumed === '-' ? [] : (assumed.split(',') as AssumptionKind[]),
    });
  });
  return rows;
}

export function loadCorpus(): CorpusRow[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.tsv'))
    .sort()
    .flatMap((f) => parseFile(f.replace(/\.tsv$/, ''), readFileSync(join(DIR, f), 'utf8')));
}

const HALF_YEAR_MS = 183 * 86_400_000;

/**
 * Whether `out` is right for `row`. Readers that cannot refuse (bare chrono, the legacy parser)
 * count as refusing 'past' when they give a time not after now, 'too_far' when more than six
 * months ahead, and any other reason when they find nothing.
 */
export function judge(row: CorpusRow, out: Outcome): boolean {
  const e = row.expected;
  if (e.ok) {
    if (!out.start || wall(out.start, row.timeZone) !== e.start) return false;
    if (e.end === undefined) return !out.end;
    return !!out.end && wall(out.end, row.timeZone) === e.end;
  }
  if (out.reason !== undefined) return out.reason === e.reason;
  if (e.reason === 'past') return !!out.start && out.start.getTime() <= row.now.getTime();
  if (e.reason === 'too_far') return !!out.start && out.start.getTime() - row.now.getTime() > HALF_YEAR_MS;
  return !out.start;
}

export function outcomeOf(r: ReadResult): Outcome {
  return r.ok ? { start: r.start, end: r.end ?? null } : { start: null, reason: r.reason };
}
