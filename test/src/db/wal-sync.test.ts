import fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLocalStore, type LocalStore } from '../../../src/db/local.js';
import { inviteUses } from '../../../src/db/schema.js';

// A power cut loses what is only in the OS's page cache. No test can cut the power, so this one
// checks the order that makes a commit survive it: the WAL file is fdatasynced after the COMMIT
// and before the batch (what the person is answered on) resolves. The fdatasync is real; it is
// only held back until the test releases it.

let dir: string;
let store: LocalStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pioneer-walsync-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const use = (code: string) => store.db.insert(inviteUses).values({ code, memberId: 'm', usedAt: 1 });

describe('group commit durability', () => {
  it('resolves a batch only after an fdatasync of the WAL that started after its COMMIT', async () => {
    const path = join(dir, 'db.sqlite');
    store = await openLocalStore(`file:${path}`, { backgroundCheckpointAfter: Infinity });
    const real = fs.fdatasync;
    const held: { fd: number; release: () => void }[] = [];
    vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, cb: (err: Error | null) => void) => {
      held.push({ fd, release: () => real(fd, cb) });
    }) as typeof fs.fdatasync);

    let answered = false;
    const first = store.batch([use('a'), use('b')]).then(() => (answered = true));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    // Committed (visible on the connection), the sync asked for, nothing answered yet.
    expect(await store.client.execute('SELECT count(*) AS n FROM invite_uses')).toMatchObject({ rows: [{ n: 2 }] });
    expect(held).toHaveLength(1);
    expect(fs.fstatSync(held[0]!.fd).ino).toBe(fs.statSync(`${path}-wal`).ino);
    expect(answered).toBe(false);

    // A batch committed while that sync runs waits for the next one, not the running one.
    let second = false;
    const later = store.batch([use('c')]).then(() => (second = true));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    held[0]!.release();
    await first;
    expect(answered).toBe(true);
    expect(second).toBe(false);
    await vi.waitFor(() => expect(held).toHaveLength(2));
    held[1]!.release();
    await later;
    expect(store.wal?.stats).toEqual({ syncs: 2, barriers: 2 });
  });

  it('rejects the batches of a group whose sync failed, and keeps other writes synchronous=FULL', async () => {
    store = await openLocalStore(`file:${join(dir, 'db.sqlite')}`, { backgroundCheckpointAfter: Infinity });
    vi.spyOn(fs, 'fdatasync').mockImplementation(((_fd: number, cb: (err: Error | null) => void) => {
      cb(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    }) as typeof fs.fdatasync);
    await expect(store.batch([use('a')])).rejects.toThrow(/EIO/);
    // The connection is back to FULL after the group (autocommit writes sync inside COMMIT).
    expect(await store.client.execute('PRAGMA synchronous')).toMatchObject({ rows: [{ synchronous: 2 }] });
  });
});
