// Writing generated rows fast: multi-row INSERTs, many per transaction, on the store's raw client.
import type { SqlClient, SqlStatement } from '../../src/contracts/store.js';

/** Rows per INSERT statement (SQLite binds at most 32766 parameters; D1 is not seeded this way). */
const ROWS_PER_INSERT = 400;
/** INSERT statements per transaction. */
const INSERTS_PER_TRANSACTION = 50;

export type Value = string | number | null;

/** Collects rows per table and writes them in large transactions. */
export class RowWriter {
  private readonly pending = new Map<string, { columns: readonly string[]; rows: Value[][] }>();
  private statements: SqlStatement[] = [];
  /** Rows written per table, for the summary. */
  readonly counts = new Map<string, number>();

  constructor(private readonly client: SqlClient) {}

  async add(table: string, columns: readonly string[], row: Value[]): Promise<void> {
    let p = this.pending.get(table);
    if (!p) this.pending.set(table, (p = { columns, rows: [] }));
    p.rows.push(row);
    this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
    if (p.rows.length >= ROWS_PER_INSERT) await this.flushTable(table);
  }

  private async flushTable(table: string): Promise<void> {
    const p = this.pending.get(table);
    if (!p || p.rows.length === 0) return;
    const one = `(${p.columns.map(() => '?').join(',')})`;
    const sql = `INSERT INTO ${table} (${p.columns.join(',')}) VALUES ${p.rows.map(() => one).join(',')}`;
    this.statements.push({ sql, args: p.rows.flat() });
    p.rows = [];
    if (this.statements.length >= INSERTS_PER_TRANSACTION) await this.commit();
  }

  private async commit(): Promise<void> {
    if (this.statements.length === 0) return;
    const stmts = this.statements;
    this.statements = [];
    await this.client.batch(stmts, 'write');
  }

  /** Writes everything still pending. */
  async flush(): Promise<void> {
    for (const table of this.pending.keys()) await this.flushTable(table);
    await this.commit();
  }
}

/** A small deterministic PRNG (LCG), so every run builds the same data. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红梅志刚淑珍凤海波宁鹏飞';

/** A plausible Chinese name (not unique: rosters have namesakes too). */
export function personName(r: () => number): string {
  const s = SURNAMES[Math.floor(r() * SURNAMES.length)]!;
  const g1 = GIVEN[Math.floor(r() * GIVEN.length)]!;
  return r() < 0.4 ? s + g1 : s + g1 + GIVEN[Math.floor(r() * GIVEN.length)]!;
}
