/**
 * One database of bench/district.ts: seeded by scripts/seed/district.ts at a shape, served by the
 * real app on a real HTTP server (127.0.0.1, random port), with a clock fixed at NOW.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { loadConfig } from '../src/contracts/config/index.js';
import { createLogger } from '../src/contracts/log.js';
import type { SqlStore } from '../src/contracts/store.js';
import { formatDateTimeISO, ManualClock } from '../src/contracts/time.js';
import { openStore } from '../src/db/open.js';
import { assemble } from '../src/runtime/assemble.js';
import { pruneExpired } from '../src/scheduler/retention.js';
import { seedDistrict, type DistrictShape, type SeededDistrict } from '../scripts/seed/district.js';
import { RowWriter } from '../scripts/seed/rows.js';
import { storeDriver } from './lib.js';

export const NOW = new Date('2026-12-01T02:00:00Z');
const DAY = 86_400_000;

/** What the measurements need of a served database (bench/district.ts, bench/workerd.ts). */
export interface HttpSite {
  name: string;
  origin: string;
  seeded: SeededDistrict;
  /** The instant the data was seeded around (the served clock's now). */
  now: Date;
  /** Headers every request carries (the core token on a worker). */
  headers: Record<string, string>;
  /** A request to the served app (set-up steps; the timed ones go through the client). */
  request(path: string, init: RequestInit): Promise<Response>;
  /** Rows of a read on the database. */
  query(sql: string, args?: (string | number)[]): Promise<Record<string, unknown>[]>;
}

export interface Site extends HttpSite {
  app: Hono;
  store: SqlStore;
  dbPath: string;
  seeded: SeededDistrict;
  seedMs: number;
  close(): Promise<void>;
}

export async function openSite(name: string, shape: DistrictShape): Promise<Site> {
  const dir = mkdtempSync(join(tmpdir(), 'pioneer-bench-district-'));
  const dbPath = join(dir, 'db.sqlite');
  const url = `file:${dbPath}`;
  const store = await openStore({ url, driver: storeDriver() });
  const t0 = performance.now();
  const seeded = await seedDistrict(store.client, { now: NOW, shape });
  const seedMs = performance.now() - t0;
  const env = { DATABASE_URL: url, NODE_ENV: 'test', PUBLIC_URL: 'http://127.0.0.1:8787' };
  const { app } = await assemble({
    env,
    runtime: 'node',
    store: () => store,
    log: createLogger({ silent: true }),
    adapters: [],
    clock: new ManualClock(NOW),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    name,
    app,
    store,
    origin,
    now: NOW,
    headers: {},
    request: async (path, init) => app.request(path, init),
    query: async (sql, args = []) => (await store.client.execute({ sql, args })).rows,
    dbPath,
    seeded,
    seedMs,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let seq = 0;
/** One message through the app in process (set-up steps, not timed); the replies' text. */
export async function say(s: HttpSite, from: string, text: string, chatId = `ou_${from}`): Promise<string> {
  const res = await s.request('/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...s.headers },
    body: JSON.stringify({
      platform: s.seeded.platform,
      chatId,
      chatType: chatId.startsWith('oc_') ? 'group' : 'direct',
      senderId: `ou_${from}`,
      messageId: `setup-${++seq}`,
      text,
    }),
  });
  return ((await res.json()) as { replies: { text: string }[] }).replies.map((r) => r.text).join('\n');
}

/** A 看板 session of `memberId`, opened through 看板 and the sign-in POST; the cookie. */
export async function session(s: HttpSite, memberId: string): Promise<string> {
  const text = await say(s, memberId, '看板');
  const secret = /#t=([A-Za-z0-9_-]{43})/.exec(text)?.[1];
  if (!secret) throw new Error(`no link for ${memberId}: ${text}`);
  const login = await s.request('/dashboard/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: secret }),
  });
  if (login.status !== 200) throw new Error(`sign-in ${login.status}`);
  return (login.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** Schedules a 党员大会 starting 10 minutes from now in each branch (by its secretary, in its group). */
export async function openMeetings(s: HttpSite, branches: string[]): Promise<void> {
  const at = formatDateTimeISO(new Date(s.now.getTime() + 10 * 60_000), 'Asia/Shanghai');
  for (const b of branches) {
    const answer = await say(s, s.seeded.branchSecretaries.get(b)!, `会议 党员大会 ${at} 活动室`, `oc_${b}`);
    if (!answer.includes('已安排会议')) throw new Error(`会议 in ${b}: ${answer}`);
  }
}

/** Party members (not officers) of each branch, up to `per` each. */
export async function checkinMembers(s: HttpSite, branches: string[], per: number): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for (const b of branches) {
    const rows = await s.query(
      "SELECT id FROM members WHERE unit_id = ? AND role = 'member' AND party_status IS NOT NULL ORDER BY id LIMIT ?",
      [b, per],
    );
    for (const r of rows) out.push([b, String(r.id)]);
  }
  return out;
}

/** A draft notice of the 区委's secretary to every branch, as 通知 … 到 <every branch> would write it. */
export async function draftToEveryBranch(s: Site, body: string): Promise<void> {
  const { rootId, rootSecretary, branchIds, platform } = s.seeded;
  const c = s.store.client;
  const id = Number((await c.execute('SELECT coalesce(max(id), 0) + 1 AS n FROM notices')).rows[0]!.n);
  await c.execute({
    sql:
      'INSERT INTO notices (id, unit_id, body, status, created_by_member_id, created_by_identity, created_by_name, ' +
      "created_at) VALUES (?, ?, ?, 'draft', ?, ?, '书记', ?)",
    args: [id, rootId, body, rootSecretary, `${platform}:ou_${rootSecretary}`, NOW.getTime()],
  });
  const w = new RowWriter(c);
  for (const b of branchIds) await w.add('notice_targets', ['notice_id', 'unit_id'], [id, b]);
  await w.flush();
}

export interface YearSize {
  /** The file with a year of bookkeeping rows, before any retention (MiB). */
  beforeMiB: number;
  /** Live pages after the retention passes (MiB): what the file holds once its free pages are reused. */
  afterMiB: number;
  /** Of which records people made (everything but the pruned bookkeeping tables). */
  bookkeepingRowsKept: Record<string, number>;
  bookkeepingRowsWritten: Record<string, number>;
  passes: number;
  pruneMs: number;
}

/**
 * A year of the bookkeeping the bot writes beside the records, spread over the seeded year: a
 * stored answer for every check-in and every notice confirmation (each was a message), an outbox
 * row and its platform id for every notice to every target chat and three reminders per meeting (as
 * outbox rows and as reminders rows), the inbox's claim of every message and the scheduler's slots.
 * Then the scheduler's retention passes at NOW (every rule of src/scheduler/retention.ts), until one
 * deletes nothing.
 */
export async function simulateYear(s: Site): Promise<YearSize> {
  const c = s.store.client;
  const n = async (sql: string) => Number((await c.execute(sql)).rows[0]!.n);
  const answers =
    (await n('SELECT count(*) AS n FROM attendance')) + (await n('SELECT count(*) AS n FROM notice_acks'));
  const chats = await n('SELECT count(*) AS n FROM chat_bindings');
  const noticeRows = (await n('SELECT count(*) AS n FROM notice_targets')) * Math.max(1, chats / 1000);
  const outboxRows = Math.round(noticeRows) + 3 * (await n('SELECT count(*) AS n FROM meetings'));
  const w = new RowWriter(c);
  const firstId = (await n('SELECT coalesce(max(id), 0) AS n FROM outbox')) + 1;
  const from = NOW.getTime() - 365 * DAY;
  const response = JSON.stringify({
    replies: [{ chatId: 'oc_b0001', text: '张三 签到成功（会议 #1234）', mentions: [] }],
  });
  for (let i = 0; i < answers; i++) {
    const at = from + Math.floor((i / answers) * 365 * DAY);
    await w.add(
      'processed_messages',
      ['platform', 'message_id', 'sender_id', 'chat_id', 'response', 'created_at'],
      ['lark', `om_${i.toString(36)}`, `ou_m${i % 50_000}`, `oc_b${i % 1000}`, response, at],
    );
  }
  const text = '【会议提醒】第1街道第1支部 党员大会 今天15:00 党员活动室，请准时参加。';
  for (let i = 0; i < outboxRows; i++) {
    const at = from + Math.floor((i / outboxRows) * 365 * DAY);
    await w.add(
      'outbox',
      ['id', 'platform', 'chat_id', 'kind', 'ref', 'text', 'idem_key', 'status', 'not_before', 'created_at', 'sent_at'],
      [firstId + i, 'lark', `oc_b${i % 1000}`, 'reminder', String(i), text, `year${i}`, 'sent', at, at, at],
    );
    await w.add('delivered_messages', ['outbox_id', 'platform_message_id', 'sent_at'], [firstId + i, `om_x${i}`, at]);
  }
  // The inbox's claim of each of those messages (done, kept a week), the three reminders of every
  // meeting (sent) and the periodic jobs' slots (every job's cadence, and each unit's weekly digest).
  for (let i = 0; i < answers; i++) {
    const at = from + Math.floor((i / answers) * 365 * DAY);
    await w.add(
      'claimed_events',
      ['platform', 'event_id', 'received_at', 'status', 'keep_until', 'attempts', 'done_at'],
      ['lark', `ev_${i.toString(36)}`, at, 'done', at + 7 * DAY, 1, at],
    );
  }
  const meetings = await c.execute(
    'SELECT id, starts_at FROM meetings WHERE id NOT IN (SELECT meeting_id FROM reminders)',
  );
  for (const m of meetings.rows)
    for (const offset of [1440, 60, 15]) {
      const due = Number(m.starts_at) - offset * 60_000;
      await w.add(
        'reminders',
        ['meeting_id', 'offset_min', 'due_at', 'status', 'done_at', 'created_at'],
        [Number(m.id), offset, due, due < NOW.getTime() ? 'sent' : 'pending', due, due - 30 * DAY],
      );
    }
  const cfg = loadConfig({ DATABASE_URL: 'file:unused' });
  const cadences: [string, number][] = [
    ['jobs', cfg.SCHEDULER_JOBS_EVERY_MIN],
    ['pairing', cfg.PAIRING_ALERTS_EVERY_MIN],
    ['retention', cfg.RETENTION_EVERY_MIN],
  ];
  let slots = 0;
  for (const [job, everyMin] of cadences)
    for (let t = from; t < NOW.getTime(); t += everyMin * 60_000, slots++)
      await w.add('scheduler_runs', ['job', 'slot', 'at'], [job, String(Math.floor(t / (everyMin * 60_000))), t]);
  const units = await n('SELECT count(*) AS n FROM units');
  for (let week = 0; week < 52; week++)
    for (let u = 0; u < units; u++, slots++)
      await w.add('scheduler_runs', ['job', 'slot', 'at'], ['digest', `u${u}:w${week}`, from + week * 7 * DAY]);
  await w.flush();
  await c.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  const beforeMiB = statSync(s.dbPath).size / 2 ** 20;
  const config = loadConfig({
    DATABASE_URL: 'file:unused',
    RETENTION_BATCH_SIZE: '5000',
    RETENTION_MAX_BATCHES: '1000',
  });
  const t0 = performance.now();
  let passes = 0;
  for (;;) {
    passes++;
    const r = await pruneExpired(s.store, config, NOW);
    if (Object.values(r).every((v) => v === 0)) break;
  }
  const pruneMs = performance.now() - t0;
  await c.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  const pages =
    (await n('SELECT page_count AS n FROM pragma_page_count')) -
    (await n('SELECT freelist_count AS n FROM pragma_freelist_count'));
  const pageSize = await n('SELECT page_size AS n FROM pragma_page_size');
  const kept = {
    processed_messages: await n('SELECT count(*) AS n FROM processed_messages'),
    outbox: await n('SELECT count(*) AS n FROM outbox'),
    delivered_messages: await n('SELECT count(*) AS n FROM delivered_messages'),
    claimed_events: await n('SELECT count(*) AS n FROM claimed_events'),
    reminders: await n('SELECT count(*) AS n FROM reminders'),
    scheduler_runs: await n('SELECT count(*) AS n FROM scheduler_runs'),
  };
  return {
    beforeMiB,
    afterMiB: (pages * pageSize) / 2 ** 20,
    bookkeepingRowsKept: kept,
    bookkeepingRowsWritten: {
      processed_messages: answers,
      outbox: outboxRows,
      delivered_messages: outboxRows,
      claimed_events: answers,
      reminders: 3 * meetings.rows.length,
      scheduler_runs: slots,
    },
    passes,
    pruneMs,
  };
}
