import { createClient, type InArgs } from '@libsql/client';
import { schedulerTexts } from '../../commands/index.js';
import type { PlatformCapabilities } from '../../src/contracts/adapter.js';
import { WECHAT_MAX_MENTIONS } from '../../src/contracts/config/relay.js';
import { REMINDER_MENTION_CAP } from '../../src/contracts/config/scheduler.js';
import { Scheduler, type SchedulerDeps, type SchedulerOptions } from '../../src/scheduler/scheduler.js';
import type { TickResult } from '../../src/scheduler/scheduler.js';
import type { TestCore } from './core.js';
import { at, rows } from './meetings.js';

/**
 * What the platforms of the tests allow, until the runtime fills CoreDeps.platforms from the
 * adapter modules: Feishu and the playground @-mention in reminders (up to REMINDER_MENTION_CAP,
 * today's effective cap), personal WeChat never mass-mentions (WECHAT_MAX_MENTIONS elsewhere).
 */
const REMINDERS_MENTION = { maxMentions: REMINDER_MENTION_CAP, mentionsInBroadcasts: true };
export const TEST_PLATFORMS: ReadonlyMap<string, PlatformCapabilities> = new Map([
  ['lark', { label: '飞书', ...REMINDERS_MENTION, idempotencyKeyChars: 50 }],
  ['playground', { label: '演示', ...REMINDERS_MENTION, idempotencyKeyChars: 0 }],
  ['wechat', { label: '微信', maxMentions: WECHAT_MAX_MENTIONS, mentionsInBroadcasts: false, idempotencyKeyChars: 0 }],
]);

/** The test core's deps as a scheduler takes them (TEST_PLATFORMS where the core knows no platform). */
export function schedulerDeps(t: TestCore): SchedulerDeps {
  const deps = t.core.deps as SchedulerDeps;
  return { ...deps, platforms: deps.platforms.size ? deps.platforms : TEST_PLATFORMS };
}

/** A scheduler over the test core's deps (its clock, config and store), with the product's texts. */
export function schedulerOf(t: TestCore, opts: Omit<SchedulerOptions, 'deps' | 'texts'> = {}): Scheduler {
  return new Scheduler({ deps: schedulerDeps(t), texts: schedulerTexts, ...opts });
}

/** Sets the clock to a Shanghai wall time and runs one tick of `s` (a fresh scheduler by default). */
export async function tickAt(t: TestCore, wall: string, s: Scheduler = schedulerOf(t)): Promise<TickResult> {
  at(t, wall);
  const r = await s.tickOnce();
  if (r.errors.length) throw new Error(`tick failed: ${r.errors.join(', ')}`);
  return r;
}

export interface SentReminder {
  ref: string;
  platform: string;
  chat: string;
  text: string;
  mentions: string[];
}

/** Reminder messages in the outbox, oldest first; mentions as names. */
export async function sentReminders(t: TestCore): Promise<SentReminder[]> {
  const r = await rows(t, "SELECT ref, platform, chat_id, text, mentions FROM outbox WHERE kind = 'reminder' ORDER BY id");
  return r.map((x) => ({
    ref: String(x.ref),
    platform: String(x.platform),
    chat: String(x.chat_id),
    text: String(x.text),
    mentions: (JSON.parse(String(x.mentions)) as { name: string }[]).map((m) => m.name),
  }));
}

/** Reminder rows of a meeting as "offset@Shanghai wall time status". */
export async function remindersOf(t: TestCore, meetingId: number): Promise<string[]> {
  const r = await rows(t, 'SELECT offset_min, due_at, status FROM reminders WHERE meeting_id = ? ORDER BY due_at', [meetingId]);
  return r.map((x) => `${x.offset_min}@${wall(Number(x.due_at))} ${x.status}`);
}

/** "2026-12-02 15:00" in Asia/Shanghai. */
export function wall(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * EXPLAIN QUERY PLAN of a drizzle query on its own connection to the database file: the libSQL
 * client leaves an EXPLAIN of an UPDATE … RETURNING in progress, which would then block a later
 * batch on the shared connection ("cannot commit transaction - SQL statements in progress").
 */
export async function explain(url: string, q: { sql: string; params: unknown[] }): Promise<string[]> {
  const client = createClient({ url });
  try {
    const r = await client.execute({ sql: `EXPLAIN QUERY PLAN ${q.sql}`, args: q.params as InArgs });
    return r.rows.map((row) => String(row.detail));
  } finally {
    client.close();
  }
}
