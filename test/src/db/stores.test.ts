import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq, sql } from 'drizzle-orm';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibsqlStore } from '../../../src/db/libsql.js';
import type { LocalStore } from '../../../src/db/local.js';
import { openStore, type EmbeddedDriver } from '../../../src/db/open.js';
import { placeholders, preparedWrite } from '../../../src/db/prepared.js';
import { auditLog, inviteUses, processedMessages, units } from '../../../src/db/schema.js';
import { isConstraintViolation, type SqlStore } from '../../../src/contracts/store.js';
import { Work } from '../../../src/contracts/work.js';

// The call patterns services use, on both ways of opening an embedded file: the engine with
// cached statements (the default) and @libsql/client (what libSQL servers go through).
const DRIVERS: EmbeddedDriver[] = ['engine', 'client'];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pioneer-stores-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const unit = (id: string) => ({
  id,
  name: `单位${id}`,
  type: 'branch' as const,
  parentId: null,
  timeZone: 'Asia/Shanghai',
  createdAt: 1,
});
const insertUse = preparedWrite<Required<typeof inviteUses.$inferInsert>>((db) =>
  db.insert(inviteUses).values(placeholders(['code', 'memberId', 'usedAt'])),
);

async function countRows(store: SqlStore, table: string): Promise<number> {
  return Number((await store.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
}

describe.each(DRIVERS)('store over %s', (driver) => {
  let store: SqlStore;
  beforeEach(async () => {
    store = await openStore({ url: `file:${join(dir, 'db.sqlite')}`, driver });
  });
  afterEach(() => store.close());

  it('opens files in WAL mode with synchronous=FULL: a commit is on the disk before it returns', async () => {
    const pragma = async (name: string) => Object.values((await store.client.execute(`PRAGMA ${name}`)).rows[0]!)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    // 2 = FULL (1 = NORMAL, which syncs only at checkpoints: an OS crash could lose answered writes).
    expect(Number(await pragma('synchronous'))).toBe(2);
    // The engine's group commits run NORMAL and sync the WAL themselves before answering
    // (test/src/db/wal-sync.test.ts); the connection is FULL again after each.
    await store.batch([store.db.insert(units).values(unit('s'))]);
    expect(Number(await pragma('synchronous'))).toBe(2);
    const wal = (store as Partial<LocalStore>).wal;
    if (driver === 'engine') expect(wal?.stats.syncs).toBe(1);
  });

  it('runs selects, prepared selects, joins, aggregates and raw SQL through drizzle', async () => {
    await store.batch([store.db.insert(units).values([unit('a'), unit('b')])]);
    expect(await store.db.select({ id: units.id }).from(units).orderBy(units.id)).toEqual([{ id: 'a' }, { id: 'b' }]);
    const prepared = store.db
      .select()
      .from(units)
      .where(eq(units.id, sql.placeholder('id')))
      .prepare();
    expect((await prepared.all({ id: 'b' }))[0]?.name).toBe('单位b');
    expect(await store.db.select({ n: count() }).from(units)).toEqual([{ n: 2 }]);
    expect(await store.db.all(sql`SELECT id FROM units ORDER BY id`)).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(await store.db.get(sql`SELECT count(*) AS n FROM units`)).toEqual({ n: 2 });
    // Rows of `values` index by position on both (@libsql/client's rows are array-like objects).
    expect((await store.db.values<[string]>(sql`SELECT id FROM units ORDER BY id`)).map((r) => r[0])).toEqual([
      'a',
      'b',
    ]);
    expect(await store.db.$count(units)).toBe(2);
  });

  it('hands rows as objects to a query sharing its SQL with a prepared one read as arrays', async () => {
    await store.batch([store.db.insert(units).values(unit('a'))]);
    const typed = store.db.select({ id: units.id }).from(units);
    const text = typed.toSQL().sql;
    expect(await typed).toEqual([{ id: 'a' }]);
    expect(await store.db.all(sql.raw(text))).toEqual([{ id: 'a' }]);
    expect(await typed).toEqual([{ id: 'a' }]);
  });

  it('binds booleans and dates as @libsql/client does, and refuses undefined without crashing', async () => {
    expect(await store.db.get(sql`SELECT ${true} AS t, ${false} AS f, ${new Date(5)} AS d, ${null} AS z`)).toEqual({
      t: 1,
      f: 0,
      d: 5,
      z: null,
    });
    const err = (await store.db.get(sql`SELECT ${sql.param(undefined)} AS u`).then(
      () => null,
      (e: unknown) => e,
    )) as Error & { cause?: Error };
    expect(`${err?.message} ${err?.cause?.message}`).toMatch(/undefined/); // drizzle wraps the client's error
  });

  it('UPDATE … RETURNING returns its rows and leaves no lock behind', async () => {
    await store.batch([store.db.insert(units).values([unit('a'), unit('b')])]);
    const rows = await store.db
      .update(units)
      .set({ name: sql`${units.name} || '!'` })
      .returning({ id: units.id, name: units.name });
    expect(rows.map((r) => r.name).sort()).toEqual(['单位a!', '单位b!']);
    const other = new Database(join(dir, 'db.sqlite'));
    try {
      other.exec('PRAGMA busy_timeout = 0');
      other.exec('BEGIN IMMEDIATE'); // throws SQLITE_BUSY if the store still held the write lock
      other.exec('ROLLBACK');
    } finally {
      other.close();
    }
  });

  it('queues db.run(sql…) until the batch and commits it with the rest', async () => {
    const work = new Work(store.db, new Date());
    work.write(store.db.run(sql`INSERT INTO audit_log (at, actor, action) VALUES (${1}, ${'t'}, ${'raw'})`));
    work.write(insertUse(store.db, { code: 'C1', memberId: 'm1', usedAt: 2 }));
    expect(await countRows(store, 'audit_log')).toBe(0);
    await store.batch(work.writes);
    expect(await countRows(store, 'audit_log')).toBe(1);
    expect(await store.db.select().from(inviteUses)).toEqual([{ code: 'C1', memberId: 'm1', usedAt: 2 }]);
  });

  it('a prepared write also runs when awaited on its own', async () => {
    await insertUse(store.db, { code: 'C2', memberId: 'm2', usedAt: 3 });
    expect(await countRows(store, 'invite_uses')).toBe(1);
    expect(() => insertUse(store.db, { code: 'C3', memberId: undefined as never, usedAt: 3 })).toThrow(/memberId/);
  });

  it('rolls a failing batch back whole and reports a UNIQUE/PK violation as one', async () => {
    await store.batch([
      store.db
        .insert(processedMessages)
        .values({ platform: 'p', messageId: 'm', senderId: 's', chatId: 'c', response: '{}', createdAt: 1 }),
    ]);
    const err = await store
      .batch([
        store.db.insert(auditLog).values({ at: 1, actor: 'x', action: 'should.vanish' }),
        store.db
          .insert(processedMessages)
          .values({ platform: 'p', messageId: 'm', senderId: 's', chatId: 'c', response: '{}', createdAt: 2 }),
      ])
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isConstraintViolation(err)).toBe(true);
    expect(await countRows(store, 'audit_log')).toBe(0);
    // The store still works after the rollback.
    await store.batch([store.db.insert(auditLog).values({ at: 1, actor: 'x', action: 'kept' })]);
    expect(await countRows(store, 'audit_log')).toBe(1);
  });

  it('the raw client runs statements and transactions on the same database', async () => {
    await store.client.batch(
      [
        { sql: 'INSERT INTO invite_uses (code, member_id, used_at) VALUES (?, ?, ?)', args: ['A', 'm', 1] },
        { sql: 'INSERT INTO invite_uses (code, member_id, used_at) VALUES (?, ?, ?)', args: ['B', 'm', 1] },
      ],
      'write',
    );
    const r = await store.client.execute({
      sql: 'SELECT code FROM invite_uses WHERE member_id = ? ORDER BY code',
      args: ['m'],
    });
    expect(r.rows.map((x) => ({ ...x }))).toEqual([{ code: 'A' }, { code: 'B' }]);
    await expect(
      store.client.batch(
        ["INSERT INTO invite_uses VALUES ('C', 'm', 1)", "INSERT INTO invite_uses VALUES ('A', 'm', 1)"],
        'write',
      ),
    ).rejects.toThrow();
    expect(await countRows(store, 'invite_uses')).toBe(2);
  });
});

describe('migrations', () => {
  it('a file migrated through @libsql/client opens on the engine without re-applying anything, and back', async () => {
    const url = `file:${join(dir, 'm.sqlite')}`;
    const applied = async (s: SqlStore) =>
      Number((await s.client.execute('SELECT count(*) AS n FROM __drizzle_migrations')).rows[0]!.n);
    const first = await openLibsqlStore({ url });
    const n = await applied(first);
    expect(n).toBeGreaterThan(0);
    await first.batch([first.db.insert(units).values(unit('a'))]);
    await first.close();
    const engine = await openStore({ url });
    expect(await applied(engine)).toBe(n);
    expect(await countRows(engine, 'units')).toBe(1);
    await engine.close();
    const again = await openLibsqlStore({ url });
    expect(await applied(again)).toBe(n);
    await again.close();
  });

  it('opens :memory: with every table', async () => {
    const s = await openStore({ url: ':memory:' });
    expect(await countRows(s, 'processed_messages')).toBe(0);
    expect(await s.ping()).toBe(true);
    await s.close();
  });
});
