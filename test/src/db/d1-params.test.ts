import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { collapseInLists, D1_MAX_BOUND_PARAMS, withD1ParamLimit } from '../../../src/db/d1-params.js';

describe('collapseInLists', () => {
  it('turns each IN list into one JSON parameter and keeps the other parameters in order', () => {
    const r = collapseInLists('select * from t where a = ? and b in (?, ?, ?) and c IN (?,?) limit ?', [
      1,
      'x',
      'y',
      'z',
      5,
      6,
      10,
    ]);
    expect(r.sql).toBe(
      'select * from t where a = ? and b in (SELECT value FROM json_each(?)) ' +
        'and c in (SELECT value FROM json_each(?)) limit ?',
    );
    expect(r.params).toEqual([1, '["x","y","z"]', '[5,6]', 10]);
  });

  it('leaves quoted text, single placeholders and lists of blobs alone', () => {
    const sql = `select 'in (?, ?)' as "in (?, ?)", x from t where x in (?) and y in (?, ?)`;
    const blobs = [new Uint8Array([1]), new Uint8Array([2])];
    const r = collapseInLists(sql, ['p', ...blobs]);
    expect(r.sql).toBe(sql);
    expect(r.params).toEqual(['p', ...blobs]);
  });

  it('selects the same rows as the original statement (libSQL)', async () => {
    const db = createClient({ url: 'file::memory:' });
    await db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL)');
    await db.execute(
      "INSERT INTO t (id, name, score) SELECT value, 'n' || value, value / 2.0 " +
        "FROM json_each('[1,2,3,4,5,6,7,8,9,10,11,12]')",
    );
    const sql = 'select id from t where id in (?, ?, ?, ?, ?) or name in (?, ?) or score in (?, ?) order by id';
    const params = [1, 3, 5, 99, 7, 'n10', 'nope', 5.5, 6];
    const before = await db.execute({ sql, args: params });
    const c = collapseInLists(sql, params);
    const after = await db.execute({ sql: c.sql, args: c.params as never });
    expect(after.rows.map((r) => r.id)).toEqual(before.rows.map((r) => r.id));
    expect(before.rows.map((r) => Number(r.id))).toEqual([1, 3, 5, 7, 10, 11, 12]);
    db.close();
  });
});

describe('withD1ParamLimit', () => {
  const fake = () => {
    const prepared: { sql: string; params?: unknown[] }[] = [];
    const binding = {
      prepare(sql: string) {
        const entry: { sql: string; params?: unknown[] } = { sql };
        prepared.push(entry);
        return { bind: (...params: unknown[]) => ((entry.params = params), entry), first: () => 'first' };
      },
      batch: async (s: unknown[]) => s,
      exec: async () => undefined,
    };
    return { binding, prepared };
  };

  it('binds small statements as they are and collapses large ones', () => {
    const { binding, prepared } = fake();
    const d1 = withD1ParamLimit(binding);
    (d1.prepare('select 1 where a in (?, ?)') as { bind(...p: unknown[]): unknown }).bind(1, 2);
    expect(prepared.at(-1)).toEqual({ sql: 'select 1 where a in (?, ?)', params: [1, 2] });
    const many = Array.from({ length: D1_MAX_BOUND_PARAMS + 20 }, (_, i) => `m${i}`);
    const sql = `select * from identities where member_id in (${many.map(() => '?').join(', ')}) and platform = ?`;
    (d1.prepare(sql) as { bind(...p: unknown[]): unknown }).bind(...many, 'lark');
    expect(prepared.at(-1)).toEqual({
      sql: 'select * from identities where member_id in (SELECT value FROM json_each(?)) and platform = ?',
      params: [JSON.stringify(many), 'lark'],
    });
    expect((d1.prepare('select 1') as { first(): unknown }).first()).toBe('first');
  });

  it('refuses a statement still over the limit, saying why', () => {
    const { binding } = fake();
    const d1 = withD1ParamLimit(binding);
    const row = '(?, ?)';
    const sql = `insert into t (a, b) values ${Array.from({ length: 60 }, () => row).join(', ')}`;
    expect(() => (d1.prepare(sql) as { bind(...p: unknown[]): unknown }).bind(...Array(120).fill(1))).toThrow(
      /binds 120 parameters, D1 allows 100/,
    );
  });
});
