import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/contracts/config/index.js';
import { openStore } from '../../../src/db/open.js';
import type { SqlStore } from '../../../src/contracts/store.js';
import { memoryLogger } from '../../../src/contracts/log.js';
import { anyDue } from '../../../src/services/reminders/fire.js';
import { Scheduler } from '../../../src/scheduler/scheduler.js';
import { ManualClock } from '../../../src/contracts/time.js';
import { schedulerTexts } from '../../../commands/index.js';
import { TEST_PLATFORMS } from '../../helpers/reminders.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), '../../helpers/scheduler-child.ts');
const MEETINGS = 250;
const OFFSETS = [1440, 120, 60, 15];
const REMINDERS = MEETINGS * OFFSETS.length; // 1000
const CHATS = [
  ['playground', 'g1'],
  ['lark', 'oc_1'],
] as const;
const NOW = new Date('2026-12-01T02:00:00Z');
const BATCH = '5';

let dir: string;
let url: string;
let store: SqlStore;

/**
 * One branch with two bound chats and ten members; 250 meetings two hours from NOW with four
 * reminders each, all come due within the last 20 minutes (inside the grace window).
 */
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pioneer-sched-'));
  url = `file:${join(dir, 'sched.db')}`;
  store = await openStore({ url });
  const t = NOW.getTime();
  const c = store.client;
  await c.batch(
    [
      {
        sql:
          'INSERT INTO units (id, name, type, parent_id, time_zone, created_at) ' +
          "VALUES ('b1', '第一支部', 'branch', NULL, 'Asia/Shanghai', 0)",
        args: [],
      },
      ...CHATS.map(([p, id]) => ({
        sql:
          'INSERT INTO chat_bindings (platform, chat_id, unit_id, bound_by_identity, bound_at) ' +
          "VALUES (?, ?, 'b1', 'test:test', 0)",
        args: [p, id],
      })),
      ...Array.from({ length: 10 }, (_, i) => [
        {
          sql:
            'INSERT INTO members (id, name, unit_id, role, party_status, is_admin, created_at) ' +
            "VALUES (?, ?, 'b1', 'member', 'formal', 0, 0)",
          args: [`m${i}`, `成员${i}`],
        },
        {
          sql: "INSERT INTO identities (platform, user_id, member_id, created_at) VALUES ('playground', ?, ?, 0)",
          args: [`u${i}`, `m${i}`],
        },
      ]).flat(),
      {
        sql:
          `INSERT INTO meetings (id, unit_id, type, title, starts_at, opens_before_min, closes_after_min, status, ` +
          `created_by_identity, created_at)
              SELECT value, 'b1', 'other', '测试', ?, 30, 30, 'scheduled', 'test:test', 0 FROM json_each(?)`,
        args: [t + 2 * 3_600_000, JSON.stringify(Array.from({ length: MEETINGS }, (_, i) => i + 1))],
      },
      {
        sql:
          `INSERT INTO reminders (meeting_id, offset_min, due_at, status, created_at)
              SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), ` +
          `'pending', 0 FROM json_each(?)`,
        args: [
          JSON.stringify(
            Array.from({ length: REMINDERS }, (_, i) => [
              Math.floor(i / OFFSETS.length) + 1,
              OFFSETS[i % OFFSETS.length],
              t - (i % 20) * 60_000,
            ]),
          ),
        ],
      },
    ],
    'write',
  );
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function spawnScheduler(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, SCHED_DB: url, SCHED_NOW: NOW.toISOString(), SCHED_BATCH: BATCH, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b) => (stderr += String(b)));
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<void>((resolve) => lines.once('line', () => resolve()));
  const stats = new Promise<{ claimed: number; sent: number }>((resolve) =>
    lines.on('line', (l) => l.startsWith('{') && resolve(JSON.parse(l))),
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      if (code) console.error(`scheduler child exited ${code}: ${stderr}`);
      resolve({ code, signal });
    }),
  );
  return { child, ready, stats, exited, go: () => child.stdin.write('go\n') };
}

/** A scheduler in this process on its own connection to the same file. */
async function localScheduler(clock: ManualClock) {
  const own = await openStore({ url });
  const config = loadConfig({ DATABASE_URL: url, NODE_ENV: 'test', REMINDER_BATCH_SIZE: BATCH });
  const deps = { store: own, config, clock, log: memoryLogger(), platforms: TEST_PLATFORMS };
  return { own, scheduler: new Scheduler({ deps, texts: schedulerTexts, owner: 'parent' }) };
}

/** Outbox rows per (reminder, chat): every reminder must reach both chats exactly once. */
async function deliveries() {
  const r = await store.client.execute(
    "SELECT ref, platform, chat_id, count(*) AS n FROM outbox WHERE kind = 'reminder' GROUP BY ref, platform, chat_id",
  );
  const counts = r.rows.map((x) => Number(x.n));
  const refs = new Set(r.rows.map((x) => String(x.ref)));
  const status = await store.client.execute('SELECT status, count(*) AS n FROM reminders GROUP BY status');
  return {
    pairs: r.rows.length,
    duplicates: counts.filter((n) => n > 1).length,
    missingReminders: REMINDERS - refs.size,
    status: Object.fromEntries(status.rows.map((x) => [String(x.status), Number(x.n)])),
  };
}

describe('two schedulers on one database', () => {
  it(
    'a child process and this one tick concurrently over 1000 due reminders: ' +
      'each claimed once, 0 duplicates, 0 missing',
    async () => {
      const other = spawnScheduler({ SCHED_OWNER: 'child' });
      const clock = new ManualClock(NOW);
      const { own, scheduler } = await localScheduler(clock);
      try {
        await other.ready;
        other.go();
        let claimed = 0;
        while (await anyDue(own.db, NOW.getTime())) {
          const r = await scheduler.tickOnce();
          expect(r.errors).toEqual([]);
          claimed += r.reminders.claimed;
        }
        const theirs = await other.stats;
        expect((await other.exited).code).toBe(0);
        // Both took part, and no reminder was claimed by both (no lease expired: nothing was redone).
        expect(claimed).toBeGreaterThan(0);
        expect(theirs.claimed).toBeGreaterThan(0);
        expect(claimed + theirs.claimed).toBe(REMINDERS);
        expect(await deliveries()).toEqual({
          pairs: REMINDERS * CHATS.length,
          duplicates: 0,
          missingReminders: 0,
          status: { sent: REMINDERS },
        });
      } finally {
        other.child.kill('SIGKILL');
        await own.close();
      }
    },
    60_000,
  );

  it(
    'a scheduler SIGKILLed right after claiming: ' + 'its reminders wait out the lease, then another sends each once',
    async () => {
      const crashing = spawnScheduler({ SCHED_OWNER: 'doomed', SCHED_CRASH_AFTER_CLAIM: '1' });
      await crashing.ready;
      crashing.go();
      expect((await crashing.exited).signal).toBe('SIGKILL');
      const held = await store.client.execute(
        "SELECT count(*) AS n FROM reminders WHERE lease_owner = 'doomed' AND status = 'pending'",
      );
      expect(Number(held.rows[0]!.n)).toBe(Number(BATCH));

      const clock = new ManualClock(NOW);
      const { own, scheduler } = await localScheduler(clock);
      try {
        const first = await scheduler.tickOnce();
        expect(first.reminders.claimed).toBe(REMINDERS - Number(BATCH));
        expect((await deliveries()).status).toEqual({ sent: REMINDERS - Number(BATCH), pending: Number(BATCH) });
        clock.advance(loadConfig({ NODE_ENV: 'test' }).REMINDER_LEASE_MS + 1);
        expect((await scheduler.tickOnce()).reminders).toMatchObject({ claimed: Number(BATCH), sent: Number(BATCH) });
        expect(await deliveries()).toEqual({
          pairs: REMINDERS * CHATS.length,
          duplicates: 0,
          missingReminders: 0,
          status: { sent: REMINDERS },
        });
      } finally {
        await own.close();
      }
    },
    60_000,
  );
});
