import { createClient, type InArgs } from '@libsql/client';
import { schedulerTexts } from '../../commands/index.js';
import type { PlatformCapabilities } from '../../src/contracts/adapter.js';
import { ADAPTER_MODULES } from '../../src/runtime/assemble.js';
import { Scheduler, type SchedulerDeps, type SchedulerOptions } from '../../src/scheduler/scheduler.js';
import type { TickResult } from '../../src/scheduler/scheduler.js';
import type { TestCore } from './core.js';
import { at, rows } from './meetings.js';

/** What each platform allows, as the runtime fills CoreDeps.platforms: from the adapter modules, at their defaults. */
export const TEST_PLATFORMS: ReadonlyMap<string, PlatformCapabilities> = new Map(
  ADAPTER_MODULES.map((m) => [m.platform, m.capabilities(m.configSchema.parse({}))]),
);

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
  const r = await rows(
    t,
    "SELECT ref, platform, chat_id, text, mentions FROM outbox WHERE kind = 'reminder' ORDER BY id",
  );
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
  const r = await rows(t, 'SELECT offset_min, due_at, status FROM reminders WHERE meeting_id = ? ORDER BY due_at', [
    meetingId,
  ]);
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
