import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/db/open.js';
import type { SqlStore } from '../../src/contracts/store.js';
import { enqueue } from '../../src/outbox/enqueue.js';
import { Work } from '../../src/contracts/work.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'relay-child.ts');

/** A fresh migrated database file holding the rows of `notices` notices (#1, #2…) to `chats` Lark chats each. */
export async function outboxWithNotices(
  chats: number,
  notices = 1,
): Promise<{ store: SqlStore; url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'pioneer-outbox-'));
  const url = `file:${join(dir, 'outbox.db')}`;
  const store = await openStore({ url });
  const work = new Work(store.db, new Date());
  for (let n = 1; n <= notices; n++) {
    enqueue(
      work,
      Array.from({ length: chats }, (_, i) => ({
        platform: 'lark',
        chatId: `oc_${String(i).padStart(4, '0')}`,
        kind: 'notice',
        ref: String(n),
        text: `【通知 #${n}】测试`,
        payload: { noticeId: n },
      })),
    );
  }
  await store.batch(work.writes);
  return {
    store,
    url,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts test/helpers/relay-child.ts under tsx in its own process. */
export function spawnRelay(
  env: Record<string, string>,
): ChildProcess & { exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b) => (stderr += String(b)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      if (code) console.error(`relay child exited ${code}: ${stderr}`);
      resolve({ code, signal });
    }),
  );
  return Object.assign(child, { exited });
}

/** Counts outbox rows by status. */
export async function statusCounts(store: SqlStore): Promise<Record<string, number>> {
  const r = await store.client.execute('SELECT status, count(*) AS n FROM outbox GROUP BY status');
  return Object.fromEntries(r.rows.map((row) => [String(row.status), Number(row.n)]));
}
