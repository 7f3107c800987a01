import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPIC_ROBOT } from '../../../adapters/dingtalk/index.js';
import { CLIENT_ID, CLIENT_SECRET, robotMessage, sentText } from '../../helpers/dingtalk.js';
import { startFakeDingTalk, type FakeDingTalk } from '../../helpers/fake-dingtalk.js';
import { startNode, type NodeChild } from '../../helpers/node-child.js';
import { TEST_DATA_KEY } from '../../helpers/pairing.js';

// The real Node entry in Stream mode, in a child process, SIGKILLed after it stored a callback
// and before DingTalk saw its acknowledgement: the gateway sends the callback again to the next
// process, and the inbox makes both deliveries one effect (docs/inbox.md).

let fake: FakeDingTalk;
let dir: string;
const output: string[] = [];
let child: NodeChild | undefined;

const env = () => ({
  NODE_ENV: 'test',
  DATABASE_URL: `file:${join(dir, 'pioneer.db')}`,
  PIONEER_ADMINS: 'dingtalk:admin',
  PIONEER_DATA_KEY: TEST_DATA_KEY,
  DINGTALK_CLIENT_ID: CLIENT_ID,
  DINGTALK_CLIENT_SECRET: CLIENT_SECRET,
  DINGTALK_API_BASE: fake.url,
  DINGTALK_OAPI_BASE: fake.url,
  INBOX_LEASE_MS: '1500',
  INBOX_DRAIN_MS: '200',
});

async function start(): Promise<void> {
  const before = fake.connections;
  child = await startNode(env(), dir, output);
  await fake.waitFor(() => fake.connections > before, 30_000);
}

async function kill(): Promise<void> {
  child!.proc.kill('SIGKILL');
  await child!.exited;
  child = undefined;
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = createClient({ url: `file:${join(dir, 'pioneer.db')}` });
  try {
    return (await db.execute(sql)).rows.map((r) => ({ ...r }));
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  fake = await startFakeDingTalk({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redeliverMs: 1000 });
  dir = mkdtempSync(join(tmpdir(), 'pioneer-dingtalk-crash-'));
});

afterAll(async () => {
  if (child) await kill();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const created = (name: string) => fake.sent.map(sentText).filter((t) => t.includes(`已创建党委「${name}」`));

describe('a DingTalk Stream callback stored, then the process SIGKILLed before DingTalk saw the ack', () => {
  it('is sent again by the gateway, and the work and its reply happen once', async () => {
    await start();
    // The acknowledgement never reaches DingTalk; the reply (by the robot API, the message's
    // sessionWebhook being about to expire) is stuck fetching a token: the process dies there.
    fake.dropAcks = 1;
    fake.holdToken = true;
    const msg = robotMessage(fake.url, {
      from: 'admin',
      text: '建组织 泰山区某社区党委',
      msgId: 'm-crash',
      sessionMs: 1,
    });
    const acked = fake.callback(TOPIC_ROBOT, msg, 'cb-crash');
    await fake.waitFor(() => fake.tokenRequests > 0 && fake.acks.length > 0, 30_000);
    await kill();
    expect(await query("SELECT status FROM claimed_events WHERE platform = 'dingtalk'")).toEqual([
      { status: 'pending' },
    ]);
    expect(fake.sent).toHaveLength(0);

    // A callback sent while no process is connected is not lost either: it is delivered once one is.
    const later = robotMessage(fake.url, {
      from: 'admin',
      text: '建组织 第二社区党委',
      msgId: 'm-later',
      sessionMs: 1,
    });
    const laterAcked = fake.callback(TOPIC_ROBOT, later, 'cb-later');

    fake.holdToken = false;
    await start();
    expect((await acked).deliveries).toBeGreaterThanOrEqual(2);
    await laterAcked;
    await fake.waitFor(() => created('泰山区某社区党委').length > 0 && created('第二社区党委').length > 0, 30_000);
    for (let i = 0; i < 40; i++) {
      const pending = await query("SELECT count(*) AS n FROM claimed_events WHERE status != 'done'");
      if (pending[0]!.n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await kill();
    expect(created('泰山区某社区党委')).toHaveLength(1);
    expect(created('第二社区党委')).toHaveLength(1);
    expect(fake.sent.every((s) => s.via === 'oto' && s.to === 'admin')).toBe(true);
    expect(await query("SELECT count(*) AS n FROM units WHERE name = '泰山区某社区党委'")).toEqual([{ n: 1 }]);
    expect(await query("SELECT count(*) AS n FROM audit_log WHERE action = 'unit.create'")).toEqual([{ n: 2 }]);
    expect(await query("SELECT count(*) AS n FROM claimed_events WHERE status != 'done'")).toEqual([{ n: 0 }]);
  }, 120_000);

  it('killed before the callback was stored: unacknowledged, sent again, done once by the next process', async () => {
    await start();
    // The test holds the database's write lock: the process cannot store the callback, so it must
    // not acknowledge it; it is killed while it tries.
    const lock = createClient({ url: `file:${join(dir, 'pioneer.db')}` });
    const tx = await lock.transaction('write');
    await tx.execute("UPDATE claimed_events SET status = status WHERE platform = 'none'");
    const msg = robotMessage(fake.url, { from: 'admin', text: '建组织 第三社区党委', msgId: 'm-unstored' });
    const acked = fake.callback(TOPIC_ROBOT, msg, 'cb-unstored');
    const ackedUnstored = () => fake.acks.filter((a) => a.messageId === 'cb-unstored');
    await fake.waitFor(() => fake.deliveries('cb-unstored') >= 2 || ackedUnstored().length > 0, 30_000);
    await kill();
    await tx.rollback();
    lock.close();
    expect(ackedUnstored()).toEqual([]);
    expect(await query("SELECT count(*) AS n FROM claimed_events WHERE event_id = 'msg:m-unstored'")).toEqual([
      { n: 0 },
    ]);

    await start();
    await acked;
    await fake.waitFor(() => created('第三社区党委').length > 0, 30_000);
    for (let i = 0; i < 40; i++) {
      const pending = await query("SELECT count(*) AS n FROM claimed_events WHERE status != 'done'");
      if (pending[0]!.n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await kill();
    expect(created('第三社区党委')).toHaveLength(1);
    expect(await query("SELECT count(*) AS n FROM units WHERE name = '第三社区党委'")).toEqual([{ n: 1 }]);
  }, 120_000);
});
