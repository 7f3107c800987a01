// 党费导入: an XLSX of one row per member (姓名, 基数, 类别, 起始月份, 固定金额) read into bases. The
// file is read in memory and never stored. Its column names and category words are the file's
// format (a document, like the export headings), so they live here; the chat command 党费基数 reads
// the same category words (commands/dues/parse.ts). All rows or none: one bad row stores nothing.
import type { Db } from '../../contracts/store.js';
import type { Work } from '../../contracts/work.js';
import type { Keyring } from '../crypto.js';
import type { MemberRecord } from '../org/identity.js';
import type { Unit, UnitTree } from '../org/units.js';
import { isPartyMember } from './access.js';
import type { Origin } from './audit.js';
import { setBasis } from './bases.js';
import { isMonth, monthFrom, type Month } from './months.js';
import { keptMembers } from './roll.js';
import { MAX_BASE_CENTS, MAX_FIXED_CENTS, type DuesBasis, type DuesKind } from './tiers.js';

/** Most member rows one file may hold. */
export const MAX_IMPORT_ROWS = 500;

/** The category words of a base, in the file and in 党费基数. Map lookups only (never object keys). */
export const KIND_WORDS: ReadonlyMap<string, DuesKind> = new Map([
  ['在职', 'salary'],
  ['工资', 'salary'],
  ['年薪', 'salary'],
  ['个体', 'salary'],
  ['退休', 'retiree'],
  ['离休', 'retiree'],
  ['离退休', 'retiree'],
  ['学生', 'low_income'],
  ['失业', 'low_income'],
  ['下岗', 'low_income'],
  ['低保', 'low_income'],
  ['困难', 'low_income'],
  ['救济', 'low_income'],
  ['抚恤', 'low_income'],
  ['农民', 'low_income'],
  ['固定', 'fixed'],
]);

const COLUMNS: ReadonlyMap<string, Column> = new Map([
  ['姓名', 'name'],
  ['基数', 'base'],
  ['党费基数', 'base'],
  ['月收入', 'base'],
  ['类别', 'kind'],
  ['类型', 'kind'],
  ['起始月份', 'from'],
  ['起始', 'from'],
  ['固定金额', 'fixed'],
]);
type Column = 'name' | 'base' | 'kind' | 'from' | 'fixed';

/** What was wrong with the file or with one of its rows. */
export type ImportProblem =
  | 'not_xlsx'
  | 'no_header'
  | 'empty'
  | 'too_many_rows'
  | 'name_missing'
  | 'duplicate_name'
  | 'member_not_found'
  | 'member_ambiguous'
  | 'not_party_member'
  | 'bad_base'
  | 'bad_kind'
  | 'bad_month'
  | 'bad_fixed';

export type ImportResult =
  | { ok: true; applied: { row: number; name: string; kind: DuesKind; fromMonth: Month }[] }
  | { ok: false; problems: { row: number | null; problem: ImportProblem; name?: string }[] };

/** A money cell ("6200", 6200, "6,200元", "4567.89") in fen, or null. */
export function moneyCents(value: unknown): number | null {
  const s = String(value ?? '')
    .normalize('NFKC')
    .replace(/[,\s]/g, '')
    .replace(/元$/, '');
  if (!/^\d{1,9}(?:\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** A month cell (a date, "2026-12", "2026-12-15", "2026/12", "2026年12月[15日]") or null. */
function monthCell(value: unknown): Month | null {
  if (value instanceof Date) return monthFrom(value.getUTCFullYear(), value.getUTCMonth() + 1);
  const g = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月)?(?:\s*[-/.]?\s*\d{1,2}\s*日?)?$/.exec(
    String(value ?? '')
      .normalize('NFKC')
      .trim(),
  );
  if (!g) return null;
  const m = monthFrom(Number(g[1]), Number(g[2]));
  return isMonth(m) ? m : null;
}

function text(value: unknown): string {
  if (value && typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text).trim();
  if (value && typeof value === 'object' && 'result' in value) return String((value as { result: unknown }).result);
  return String(value ?? '').trim();
}

interface Row {
  row: number;
  cells: Partial<Record<Column, unknown>>;
}

async function readRows(bytes: Uint8Array): Promise<Row[] | ImportProblem> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return 'not_xlsx';
  }
  const ws = wb.worksheets[0];
  if (!ws) return 'empty';
  const header = new Map<number, Column>();
  ws.getRow(1).eachCell((c, col) => {
    const key = COLUMNS.get(text(c.value).replace(/\s/g, ''));
    if (key) header.set(col, key);
  });
  if (![...header.values()].includes('name')) return 'no_header';
  const rows: Row[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const cells: Row['cells'] = {};
    r.eachCell((c, col) => {
      const key = header.get(col);
      if (key) cells[key] = c.value instanceof Date ? c.value : text(c.value);
    });
    if (Object.values(cells).some((v) => v !== '' && v !== undefined)) rows.push({ row: n, cells });
  });
  return rows;
}

/** The basis a row asks for, or what is wrong with it. */
function basisOf(cells: Row['cells']): DuesBasis | ImportProblem {
  const kindText = text(cells.kind);
  const kind = kindText ? KIND_WORDS.get(kindText) : 'salary';
  if (!kind) return 'bad_kind';
  const fixedGiven = text(cells.fixed) !== '';
  if (kind === 'fixed' || (kindText === '农民' && fixedGiven)) {
    const fixed = moneyCents(cells.fixed);
    return fixed === null || fixed > MAX_FIXED_CENTS ? 'bad_fixed' : { kind: 'fixed', fixedCents: fixed };
  }
  if (kind === 'low_income') return { kind };
  const base = moneyCents(cells.base);
  if (base === null || base === 0 || base > MAX_BASE_CENTS) return 'bad_base';
  return { kind, baseCents: base };
}

/**
 * Reads an XLSX of bases for `unit` and, when every row is good, records them all (each sealed and
 * audited, source xlsx). Rows name members of the unit (and its 党小组) by their registered name.
 */
export async function importBases(
  work: Work,
  ring: Keyring,
  tree: UnitTree,
  origin: Origin,
  unit: Unit,
  bytes: Uint8Array,
  thisMonth: Month,
): Promise<ImportResult> {
  const rows = await readRows(bytes);
  if (typeof rows === 'string') return { ok: false, problems: [{ row: null, problem: rows }] };
  if (rows.length === 0) return { ok: false, problems: [{ row: null, problem: 'empty' }] };
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, problems: [{ row: null, problem: 'too_many_rows' }] };
  const people = await membersByName(work.db, tree, unit);
  const problems: { row: number; problem: ImportProblem; name?: string }[] = [];
  const seen = new Set<string>();
  const good: { row: number; member: MemberRecord; basis: DuesBasis; fromMonth: Month }[] = [];
  for (const { row, cells } of rows) {
    const name = text(cells.name);
    const fail = (problem: ImportProblem) => problems.push({ row, problem, ...(name ? { name } : {}) });
    if (!name) {
      fail('name_missing');
      continue;
    }
    if (seen.has(name)) fail('duplicate_name');
    seen.add(name);
    const found = people.get(name) ?? [];
    if (found.length === 0) fail('member_not_found');
    else if (found.length > 1) fail('member_ambiguous');
    else if (!isPartyMember(found[0]!)) fail('not_party_member');
    const basis = basisOf(cells);
    if (typeof basis === 'string') fail(basis);
    const fromMonth = text(cells.from) === '' && !(cells.from instanceof Date) ? thisMonth : monthCell(cells.from);
    if (fromMonth === null) fail('bad_month');
    if (found.length === 1 && typeof basis !== 'string' && fromMonth !== null)
      good.push({ row, member: found[0]!, basis, fromMonth });
  }
  if (problems.length) return { ok: false, problems };
  for (const g of good) await setBasis(work, ring, origin, { ...g, unit, source: 'xlsx' });
  return {
    ok: true,
    applied: good.map((g) => ({ row: g.row, name: g.member.name, kind: g.basis.kind, fromMonth: g.fromMonth })),
  };
}

async function membersByName(db: Db, tree: UnitTree, unit: Unit): Promise<Map<string, MemberRecord[]>> {
  const out = new Map<string, MemberRecord[]>();
  for (const m of await keptMembers(db, tree, unit)) out.set(m.name, [...(out.get(m.name) ?? []), m]);
  return out;
}
