import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/contracts/time.js';
import { startFakeLark, type FakeLark } from '../../helpers/fake-lark.js';
import {
  APP_ID,
  APP_SECRET,
  BOT_OPEN_ID,
  ENCRYPT_KEY,
  LarkSender,
  messageEvent,
  VERIFICATION_TOKEN,
} from '../../helpers/lark-events.js';
import { startNode, type NodeChild } from '../../helpers/node-child.js';
import { TEST_DATA_KEY } from '../../helpers/pairing.js';

// The real Node entry with the Lark webhook, in a child process, SIGKILLed after it answered
// Feishu and before (or while) doing the work; Feishu does not push an answered event again, so
// only the inbox can finish it (docs/inbox.md).

let fake: FakeLark;
let dir: string;
const output: string[] = [];
let child: NodeChild | undefined;

const env = () => ({
  NODE_ENV: 'test',
  DATABASE_URL: `file:${join(dir, 'pioneer.db')}`,
  PIONEER_ADMINS: 'lark:ou_admin',
  PIONEER_DATA_KEY: TEST_DATA_KEY,
  LARK_APP_ID: APP_ID,
  LARK_APP_SECRET: APP_SECRET,
  LARK_DOMAIN: fake.url,
  LARK_ENCRYPT_KEY: ENCRYPT_KEY,
  LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
  // A killed process's events are retaken once its lease has run out: short here.
  INBOX_LEASE_MS: '1500',
  INBOX_DRAIN_MS: '200',
});

async function start(): Promise<LarkSender> {
  const c = await startNode(env(), dir, output);
  child = c;
  return new LarkSender({ request: (path: string, init: RequestInit) => fetch(c.url + path, init) }, systemClock);
}

async function kill(): Promise<void> {
  child!.proc.kill('SIGKILL');
  await child!.exited;
  child = undefined;
}

/** Reads the database file while no process has it open. */
async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = createClient({ url: `file:${join(dir, 'pioneer.db')}` });
  try {
    return (await db.execute(sql)).rows.map((r) => ({ ...r }));
  } finally {
    db.close();
  }
}

/** Polls the database through a second connection until `check` holds. */
async function until(sql: string, check: (rows: Record<string, unknown>[]) => boolean): Promise<void> {
  for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
    if (check(await query(sql))) return;
  }
  throw new Error(`not reached: ${sql}`);
}

beforeAll(async () => {
  fake = await startFakeLark({ botOpenId: BOT_OPEN_ID });
  dir = mkdtempSync(join(tmpdir(), 'pioneer-inbox-crash-'));
});

afterAll(async () => {
  if (child) await kill();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const created = (name: string) => fake.texts().filter((t) => t.includes(`已创建党委「${name}」`));

describe('a Lark event answered and then the process SIGKILLed', () => {
  it('before the work: the restarted process does the work once and replies once', async () => {
    // The work is stuck asking the contact API for the sender's name (after the answer).
    fake.holdContacts = true;
    let sender = await start();
    const ev = messageEvent({ from: 'ou_admin', text: '建组织 泰山区某社区党委' });
    expect((await sender.post(ev)).status).toBe(200);
    await fake.waitFor(() => fake.calls.some((c) => c.path.startsWith('/open-apis/contact/v3/users/')), 20_000);
    await kill();

    // Answered, not worked on: the event is in the inbox, sealed (no plaintext of what was typed).
    expect(await query('SELECT count(*) AS n FROM units')).toEqual([{ n: 0 }]);
    const [row] = await query("SELECT status, event FROM claimed_events WHERE platform = 'lark'");
    expect(row).toMatchObject({ status: 'pending' });
    expect(String(row!.event)).toMatch(/^enc1\./);
    expect(String(row!.event)).not.toContain('泰山区');

    fake.holdContacts = false;
    sender = await start();
    await fake.waitFor(() => created('泰山区某社区党委').length > 0, 30_000);
    await until("SELECT status, event FROM claimed_events WHERE platform = 'lark'", (rows) =>
      rows.every((r) => r.status === 'done' && r.event === null),
    );

    // Feishu pushing it again changes nothing; a later message is answered as usual.
    expect((await sender.post(ev)).status).toBe(200);
    expect((await sender.post(messageEvent({ from: 'ou_admin', text: '成员' }))).status).toBe(200);
    await fake.waitFor(() => fake.texts().length >= 2, 20_000);
    expect(created('泰山区某社区党委')).toHaveLength(1);
    await kill();
    expect(await query("SELECT count(*) AS n FROM units WHERE name = '泰山区某社区党委'")).toEqual([{ n: 1 }]);
    expect(await query("SELECT count(*) AS n FROM audit_log WHERE action = 'unit.create'")).toEqual([{ n: 1 }]);
  }, 120_000);

  it('after the work and its reply, before the event was marked done: nothing is done or posted twice', async () => {
    // The reply reaches Feishu, but its answer never comes back: the process dies waiting for it.
    fake.holdSends = true;
    const before = fake.sent.length;
    const sender = await start();
    expect((await sender.post(messageEvent({ from: 'ou_admin', text: '建组织 第二社区党委' }))).status).toBe(200);
    await fake.waitFor(() => fake.sent.length > before, 20_000);
    await kill();
    expect(await query("SELECT count(*) AS n FROM units WHERE name = '第二社区党委'")).toEqual([{ n: 1 }]);
    expect(await query("SELECT count(*) AS n FROM claimed_events WHERE status = 'pending'")).toEqual([{ n: 1 }]);

    fake.holdSends = false;
    await start();
    await until("SELECT count(*) AS n FROM claimed_events WHERE status = 'pending'", (rows) => rows[0]!.n === 0);
    // Finished again from the stored answer: the reply went out with the same uuid (how many times the
    // held request was retried depends on the SDK's timeout), so Feishu dropped the repeats, and the
    // command did not run a second time.
    expect(created('第二社区党委')).toHaveLength(1);
    expect(fake.duplicateSends).toBeGreaterThanOrEqual(1);
    await kill();
    expect(await query("SELECT count(*) AS n FROM units WHERE name = '第二社区党委'")).toEqual([{ n: 1 }]);
    expect(await query("SELECT count(*) AS n FROM audit_log WHERE action = 'unit.create'")).toEqual([{ n: 2 }]);
  }, 120_000);
});
