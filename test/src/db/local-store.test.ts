import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Checkpointer } from '../../../src/db/checkpointer.js';
import { openLocalStore, type LocalStore } from '../../../src/db/local.js';
import { auditLog, inviteUses, processedMessages } from '../../../src/db/schema.js';
import { SQLITE_BUSY_TIMEOUT_MS } from '../../../src/db/settings.js';
import { StatementCache } from '../../../src/db/statements.js';
import { isConstraintViolation } from '../../../src/contracts/store.js';

let dir: string;
let store: LocalStore;
const file = () => join(dir, 'db.sqlite');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pioneer-local-'));
  store = await openLocalStore(`file:${file()}`, { backgroundCheckpointAfter: Infinity });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const use = (code: string) => store.db.insert(inviteUses).values({ code, memberId: 'm', usedAt: 1 });
const audit = (action: string) => store.db.insert(auditLog).values({ at: 1, actor: 'a', action });
const settle = (p: Promise<void>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (isConstraintViolation(e) ? 'conflict' : `error: ${String(e)}`),
  );

async function codes(): Promise<string[]> {
  return (await store.db.select({ code: inviteUses.code }).from(inviteUses).orderBy(inviteUses.code)).map(
    (r) => r.code,
  );
}
async function actions(): Promise<string[]> {
  return (await store.db.select({ action: auditLog.action }).from(auditLog).orderBy(auditLog.id)).map((r) => r.action);
}

describe('group commit', () => {
  it('commits the batches submitted together in one transaction', async () => {
    const before = { ...store.group.stats };
    await Promise.all([store.batch([use('A')]), store.batch([use('B'), audit('b')]), store.batch([use('C')])]);
    expect(store.group.stats.transactions - before.transactions).toBe(1);
    expect(store.group.stats.grouped - before.grouped).toBe(3);
    expect(await codes()).toEqual(['A', 'B', 'C']);
  });

  it('a failing batch is rejected alone, and nothing of it stays; the others commit', async () => {
    await store.batch([use('X')]);
    const fallbacks = store.group.stats.fallbacks;
    const results = await Promise.all([
      settle(store.batch([use('A'), audit('a')])),
      settle(store.batch([audit('must.vanish'), use('X')])), // its second statement hits the primary key
      settle(store.batch([use('C'), audit('c')])),
    ]);
    expect(results).toEqual(['ok', 'conflict', 'ok']);
    expect(store.group.stats.fallbacks).toBe(fallbacks + 1);
    expect(await codes()).toEqual(['A', 'C', 'X']);
    expect(await actions()).toEqual(['a', 'c']);
  });

  it('of two batches racing for one key in a group, the first wins, as if each had committed alone', async () => {
    const results = await Promise.all([
      settle(store.batch([use('K'), audit('first')])),
      settle(store.batch([use('K'), audit('second')])),
    ]);
    expect(results).toEqual(['ok', 'conflict']);
    expect(await actions()).toEqual(['first']);
  });

  it('a batch resolves only once committed: another connection sees it at that moment', async () => {
    const other = new Database(file());
    try {
      const p = store.batch([use('D')]);
      const seen = () => (other.prepare('SELECT count(*) AS n FROM invite_uses').get([]) as { n: number }).n;
      expect(seen()).toBe(0); // queued, not committed, not answered
      await p;
      expect(seen()).toBe(1);
    } finally {
      other.close();
    }
  });

  it('close() commits what is still queued', async () => {
    const p = store.batch([use('E')]);
    await store.close();
    await p;
    store = await openLocalStore(`file:${file()}`, { backgroundCheckpointAfter: Infinity });
    expect(await codes()).toEqual(['E']);
  });

  it('a batch whose SQL cannot be built is rejected without touching the others', async () => {
    const bad = {
      toSQL: () => {
        throw new Error('cannot build');
      },
    } as never;
    const results = await Promise.all([
      settle(store.batch([use('A')])),
      settle(store.batch([bad])),
      settle(store.batch([use('B')])),
    ]);
    expect(results).toEqual(['ok', 'error: Error: cannot build', 'ok']);
    expect(await codes()).toEqual(['A', 'B']);
  });
});

describe('statement cache', () => {
  it('prepares each SQL text once and keeps at most its size', async () => {
    const database = new Database(':memory:');
    const cache = new StatementCache(database, 3);
    expect(cache.prepare('SELECT 1')).toBe(cache.prepare('SELECT 1'));
    for (const n of [2, 3, 4, 5]) cache.prepare(`SELECT ${n}`);
    expect(cache.size).toBe(3);
    database.close();
  });

  it('runs the hot statements from the cache', async () => {
    await store.batch([
      store.db
        .insert(processedMessages)
        .values({ platform: 'p', messageId: 'a', senderId: 's', chatId: 'c', response: '{}', createdAt: 1 }),
    ]);
    const size = store.statements.size;
    for (let i = 0; i < 20; i++) {
      await store.batch([
        store.db
          .insert(processedMessages)
          .values({ platform: 'p', messageId: `m${i}`, senderId: 's', chatId: 'c', response: '{}', createdAt: 1 }),
      ]);
      await store.db
        .select()
        .from(processedMessages)
        .where(sql`${processedMessages.messageId} = ${`m${i}`}`);
    }
    expect(store.statements.size).toBe(size + 1); // the select; the insert was cached already
  });
});

describe('background checkpoints', () => {
  const walSize = () => (existsSync(`${file()}-wal`) ? statSync(`${file()}-wal`).size : 0);
  const autoCheckpoint = async (s: LocalStore) =>
    Number((await s.client.execute('PRAGMA wal_autocheckpoint')).rows[0]!.wal_autocheckpoint);

  it('start after the configured number of batches and take checkpoints off the serving thread', async () => {
    await store.close();
    store = await openLocalStore(`file:${file()}`, { backgroundCheckpointAfter: 5 });
    expect(await autoCheckpoint(store)).toBe(1000);
    for (let i = 0; i < 6; i++) await store.batch([use(`C${i}`)]);
    const cp = store.checkpointer();
    expect(cp).toBeDefined();
    expect(await autoCheckpoint(store)).toBe(0);
    await vi.waitFor(() => expect(cp!.passive).toBeGreaterThan(1), { timeout: 5000, interval: 20 });
    // Checkpointed pages are in the database file: a fresh connection reading only the file finds them.
    await store.close();
    store = await openLocalStore(`file:${file()}`, { backgroundCheckpointAfter: Infinity });
    expect((await codes()).length).toBe(6);
  });

  it('truncate a WAL that grew past the limit', async () => {
    for (let i = 0; i < 50; i++) await store.batch([use(`T${i}`), audit('x')]);
    expect(walSize()).toBeGreaterThan(0);
    await store.client.execute('PRAGMA wal_autocheckpoint = 0');
    const cp = new Checkpointer({
      path: file(),
      busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS,
      everyMs: 10,
      truncateAboveBytes: 1,
      onFailure: () => {},
    });
    try {
      await vi.waitFor(() => expect(cp.truncate).toBeGreaterThan(0), { timeout: 5000, interval: 20 });
      expect(walSize()).toBe(0);
      expect((await codes()).length).toBe(50);
    } finally {
      await cp.stop();
    }
  });

  it('hand checkpoints back to SQLite if the thread fails', async () => {
    const failed = new Promise<unknown>((resolve) => {
      // eslint-disable-next-line no-new
      new Checkpointer({ path: join(dir, 'missing', 'nowhere.db'), busyTimeoutMs: 10, onFailure: resolve });
    });
    expect(String(await failed)).toMatch(/exited|unable|open|directory|SQLITE/i);
  });
});
