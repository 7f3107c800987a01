import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { attendance, chatBindings, identities, meetings, members, reminders } from '../../db/schema.js';
import type { PlatformCapabilities } from '../../contracts/adapter.js';
import type { Db, Store } from '../../contracts/store.js';
import { DEFAULT_TIME_ZONE } from '../../contracts/time.js';
import { enqueue, type OutboxMessage } from '../../outbox/enqueue.js';
import { personColumns, type Person } from '../meetings/attendance.js';
import { isExpected, scopeUnitIds } from '../meetings/scope.js';
import type { Meeting } from '../meetings/meetings.js';
import type { UnitTree } from '../org/units.js';
import { Work } from '../../contracts/work.js';
import type { SchedulerSettings } from '../../contracts/config/scheduler.js';
import { reminderMessage } from './message.js';
import type { ReminderTexts } from './texts.js';
import { ZoneClock } from './zone-clock.js';

/** Outbox kind of a reminder message; its ref is the reminder id. */
export const REMINDER_KIND = 'reminder';

export type ReminderRow = typeof reminders.$inferSelect;

export type FireSettings = Pick<
  SchedulerSettings,
  'REMINDER_GRACE_MIN' | 'REMINDER_LEASE_MS' | 'REMINDER_BATCH_SIZE' | 'REMINDER_MENTION_CAP' | 'REMINDER_NAMES_MAX'
>;

export interface FireOptions {
  store: Store;
  settings: FireSettings;
  tree: () => Promise<UnitTree>;
  /** What each platform allows: whether a reminder to its chats may @-mention, and how many. */
  platforms: ReadonlyMap<string, PlatformCapabilities>;
  texts: ReminderTexts;
  /** Lease owner: unique per scheduler (per tick on Workers). */
  owner: string;
  /** Test hook: runs after a claim, before anything is written (a throw models a crash there). */
  afterClaim?: (rows: ReminderRow[]) => void | Promise<void>;
}

/** What one pass did. */
export interface FireStats {
  claimed: number;
  /** Reminders sent (their messages enqueued). */
  sent: number;
  /** Outbox messages written for them. */
  messages: number;
  /** Came due more than the grace window ago, or after the meeting started: marked missed. */
  missed: number;
  /** Their meeting was cancelled or is gone: deleted. */
  dropped: number;
}

/** Pending reminders due by `now` that nobody holds (or whose holder's lease ran out): the (status, due_at) index. */
const dueWhere = (now: number) =>
  and(
    eq(reminders.status, 'pending'),
    lte(reminders.dueAt, now),
    or(isNull(reminders.leaseUntil), lt(reminders.leaseUntil, now)),
  );

/** Ids of up to `limit` due reminders, earliest first (a query builder: await it, or `.toSQL()` it). */
export function dueIds(db: Db, now: number, limit: number) {
  return db
    .select({ id: reminders.id })
    .from(reminders)
    .where(dueWhere(now))
    .orderBy(asc(reminders.dueAt))
    .limit(limit);
}

/** Is any reminder due? One indexed lookup, no write lock: what an idle tick costs. */
export async function anyDue(db: Db, now: number): Promise<boolean> {
  return (await dueIds(db, now, 1)).length > 0;
}

/**
 * Leases up to `limit` due reminders to `owner` in one statement (UPDATE … RETURNING on the
 * (status, due_at) index): pending rows due by `now` that nobody holds, or whose holder's lease
 * ran out (it crashed between claiming and committing). SQLite runs the statement alone, so two
 * schedulers never lease the same row. Returns the builder: await it, or `.toSQL()` it.
 */
export function claimDue(db: Db, opts: { owner: string; now: number; leaseMs: number; limit: number }) {
  return db
    .update(reminders)
    .set({ leaseOwner: opts.owner, leaseUntil: opts.now + opts.leaseMs })
    .where(and(inArray(reminders.id, dueIds(db, opts.now, opts.limit)), dueWhere(opts.now)))
    .returning();
}

/** Everything needed to word the claimed reminders: meetings, chats, who is still expected, accounts. */
async function loadContext(db: Db, tree: UnitTree, rows: ReminderRow[]) {
  const ms = await db
    .select()
    .from(meetings)
    .where(inArray(meetings.id, [...new Set(rows.map((r) => r.meetingId))]));
  const byId = new Map(ms.map((m) => [m.id, m]));
  const live = ms.filter((m) => m.status === 'scheduled');
  const scopes = new Map(live.map((m) => [m.id, scopeUnitIds(tree, m)]));
  const unitIds = [...new Set([...live.map((m) => m.unitId), ...[...scopes.values()].flat()])];
  const [chats, people, done] = await Promise.all([
    unitIds.length ? db.select().from(chatBindings).where(inArray(chatBindings.unitId, unitIds)) : Promise.resolve([]),
    unitIds.length
      ? db.select(personColumns).from(members).where(inArray(members.unitId, unitIds))
      : Promise.resolve([]),
    live.length
      ? db
          .select({ meetingId: attendance.meetingId, memberId: attendance.memberId })
          .from(attendance)
          .where(
            and(
              inArray(
                attendance.meetingId,
                live.map((m) => m.id),
              ),
              inArray(attendance.status, ['present', 'leave']),
            ),
          )
      : Promise.resolve([]),
  ]);
  // Roster order as 考勤 shows it; one collator for the pass (localeCompare(…, 'zh') builds one per call).
  const zh = new Intl.Collator('zh');
  people.sort((a, b) => zh.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const answered = new Set(done.map((d) => `${d.meetingId}:${d.memberId}`));
  const accounts = new Map<string, Map<string, string>>(); // platform → member → user id
  const ids = people.map((p) => p.id);
  for (let i = 0; i < ids.length; i += 500) {
    const part = await db
      .select()
      .from(identities)
      .where(inArray(identities.memberId, ids.slice(i, i + 500)));
    for (const a of part) {
      const map = accounts.get(a.platform) ?? new Map<string, string>();
      if (!map.has(a.memberId)) map.set(a.memberId, a.userId);
      accounts.set(a.platform, map);
    }
  }
  return { byId, scopes, chats, people, answered, accounts };
}

/** What wording one pass's reminders needs besides the reminder itself. */
interface Wording {
  tree: UnitTree;
  ctx: Awaited<ReturnType<typeof loadContext>>;
  opts: FireOptions;
  now: Date;
  clock: ZoneClock;
}

/** The messages of one reminder: one per chat bound to the meeting's unit or a unit it covers. */
function messagesOf(r: ReminderRow, m: Meeting, w: Wording): OutboxMessage[] {
  const { tree, ctx, now, clock } = w;
  const s = w.opts.settings;
  const scope = ctx.scopes.get(m.id) ?? [m.unitId];
  const units = new Set([m.unitId, ...scope]);
  const pending = ctx.people.filter((p) => isExpected(tree, m, p, scope) && !ctx.answered.has(`${m.id}:${p.id}`));
  const unit = tree.get(m.unitId);
  return ctx.chats
    .filter((c) => units.has(c.unitId))
    .map((c) => {
      const mine: Person[] = pending.filter((p) => p.unitId && tree.isWithin(p.unitId, c.unitId));
      const { text, mentions } = reminderMessage({
        meeting: m,
        unitName: unit?.name ?? '',
        timeZone: unit?.timeZone ?? DEFAULT_TIME_ZONE,
        now,
        pending: mine,
        accounts: ctx.accounts.get(c.platform) ?? new Map(),
        platform: w.opts.platforms.get(c.platform),
        mentionCap: s.REMINDER_MENTION_CAP,
        namesMax: s.REMINDER_NAMES_MAX,
        clock,
        texts: w.opts.texts,
      });
      const payload = { meetingId: m.id, offsetMin: r.offsetMin };
      const to = { platform: c.platform, chatId: c.chatId, unitId: c.unitId };
      return { ...to, kind: REMINDER_KIND, ref: String(r.id), text, mentions, payload };
    });
}

/**
 * Claims due reminders and, per claimed chunk, commits ONE batch of at most four statements: the
 * messages of every reminder to send, the mark sent, the mark missed, the drop — each guarded by
 * the lease, so a scheduler whose lease ran out writes nothing. A crash after the claim leaves the
 * rows leased until the lease expires; the next pass redoes them, and the outbox key (kind, ref,
 * chat) would swallow a repeat anyway. `sent` counts what this pass committed to send.
 */
export async function fireDueReminders(opts: FireOptions, now: Date): Promise<FireStats> {
  const { store, settings: s, owner } = opts;
  const db = store.db;
  const t = now.getTime();
  const stats: FireStats = { claimed: 0, sent: 0, messages: 0, missed: 0, dropped: 0 };
  if (!(await anyDue(db, t))) return stats;
  const tree = await opts.tree();
  const graceMs = s.REMINDER_GRACE_MIN * 60_000;
  const clock = new ZoneClock();
  for (;;) {
    const rows = await claimDue(db, { owner, now: t, leaseMs: s.REMINDER_LEASE_MS, limit: s.REMINDER_BATCH_SIZE });
    if (rows.length === 0) break;
    stats.claimed += rows.length;
    await opts.afterClaim?.(rows);
    const ctx = await loadContext(db, tree, rows);
    const send: number[] = [];
    const missed: number[] = [];
    const dropped: number[] = [];
    const messages: OutboxMessage[] = [];
    for (const r of rows) {
      const m = ctx.byId.get(r.meetingId);
      if (!m || m.status !== 'scheduled') dropped.push(r.id);
      else if (t - r.dueAt > graceMs || t >= m.startsAt) missed.push(r.id);
      else {
        send.push(r.id);
        messages.push(...messagesOf(r, m, { tree, ctx, opts, now, clock }));
      }
    }
    const work = new Work(db, now);
    const held = (ids: number[]) =>
      and(inArray(reminders.id, ids), eq(reminders.leaseOwner, owner), eq(reminders.status, 'pending'));
    const leased = sql`"lease_owner" = ${owner} AND "status" = 'pending'`;
    // Each message goes in only while its own reminder is still held: the guard reads the row's ref.
    enqueue(work, messages, {
      onlyIf: (ref) => sql`EXISTS (SELECT 1 FROM "reminders" WHERE "id" = CAST(${ref} AS INTEGER) AND ${leased})`,
    });
    const done = { doneAt: t, leaseOwner: null, leaseUntil: null };
    if (send.length)
      work.write(
        db
          .update(reminders)
          .set({ status: 'sent', ...done })
          .where(held(send)),
      );
    if (missed.length)
      work.write(
        db
          .update(reminders)
          .set({ status: 'missed', ...done })
          .where(held(missed)),
      );
    if (dropped.length)
      work.write(db.delete(reminders).where(and(inArray(reminders.id, dropped), eq(reminders.leaseOwner, owner))));
    await store.batch(work.writes);
    stats.sent += send.length;
    stats.messages += messages.length;
    stats.missed += missed.length;
    stats.dropped += dropped.length;
    if (rows.length < s.REMINDER_BATCH_SIZE) break;
  }
  return stats;
}
