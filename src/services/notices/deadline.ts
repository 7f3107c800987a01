import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { notices, noticeTargets, schedulerRuns } from '../../db/schema.js';
import type { PlatformCapabilities } from '../../contracts/adapter.js';
import type { Db, Store } from '../../contracts/store.js';
import { DEFAULT_TIME_ZONE } from '../../contracts/time.js';
import { Work } from '../../contracts/work.js';
import { enqueue } from '../../outbox/enqueue.js';
import type { QuietHours } from '../../contracts/config/scheduler.js';
import type { UnitTree } from '../org/units.js';
import { effectiveSettings, inQuiet, loadSettingsRows, type PlanDefaults } from '../reminders/plan.js';
import { ZoneClock } from '../reminders/zone-clock.js';
import type { OverdueNotice } from '../reminders/texts.js';
import { acksOf, boundChats, expectedMembers, targetsOf, type Notice } from './audience.js';
import { groupChaseRows } from './chase-parts.js';
import { accountsOf } from './report.js';
import type { NoticeTexts } from './texts.js';

// A notice's deadline (截止): ONE reminder to those of each target unit who have not confirmed, 2
// hours before it, in the unit's chats as step 1 of 催办 would word it. Quiet hours defer it to
// their end when that is still before the deadline, else it is skipped. A scheduler_runs row per
// notice and unit, written in the batch with the messages, keeps it to once across restarts; the
// outbox key (kind, ref, chat) keeps two schedulers racing on it to once as well.

/** How long before its deadline a notice reminds those who have not confirmed. */
export const DEADLINE_REMINDER_BEFORE_MS = 2 * 3_600_000;
/** scheduler_runs job of the deadline reminders; the slot is "<notice id>:<unit id>". */
export const NOTICE_DEADLINE_JOB = 'notice.deadline';

const MIN = 60_000;

/** When a reminder nominally at `nominal` may go: then, or at the end of the quiet hours it falls in. */
export function afterQuiet(nominal: number, q: QuietHours | null, tz: string, zm: ZoneClock): number {
  if (!q) return nominal;
  const m = zm.minuteOfDay(nominal, tz);
  if (!inQuiet(m, q)) return nominal;
  return nominal - (nominal % MIN) + ((q.endMin - m + 1440) % 1440) * MIN;
}

/** Sent notices whose reminder time has come and whose deadline has not (the (status, deadline_at) index). */
function dueNotices(db: Db, now: number): Promise<Notice[]> {
  return db
    .select()
    .from(notices)
    .where(
      and(
        eq(notices.status, 'sent'),
        isNull(notices.withdrawnAt),
        gt(notices.deadlineAt, now),
        lte(notices.deadlineAt, now + DEADLINE_REMINDER_BEFORE_MS),
        // Published after its reminder time would have been: no reminder right after it arrives.
        lte(notices.publishAt, sql`${notices.deadlineAt} - ${DEADLINE_REMINDER_BEFORE_MS}`),
      ),
    );
}

export interface DeadlineOptions {
  store: Store;
  /** Loaded only when a reminder is due. */
  tree: () => Promise<UnitTree>;
  settings: PlanDefaults;
  platforms: ReadonlyMap<string, PlatformCapabilities>;
  texts: NoticeTexts;
}

/** Sends the reminders before deadlines that are due at `now`: per target unit, once. */
export async function runDeadlineReminders(
  opts: DeadlineOptions,
  now: Date,
): Promise<{ units: number; messages: number }> {
  const { store } = opts;
  const db = store.db;
  const t = now.getTime();
  const list = await dueNotices(db, t);
  const out = { units: 0, messages: 0 };
  if (list.length === 0) return out;
  const tree = await opts.tree();
  const rows = await loadSettingsRows(db);
  const zm = new ZoneClock();
  for (const notice of list) {
    const deadline = notice.deadlineAt!;
    const slots = new Map((await targetsOf(db, notice.id)).map((u) => [`${notice.id}:${u}`, u]));
    const done = await db
      .select({ slot: schedulerRuns.slot })
      .from(schedulerRuns)
      .where(and(eq(schedulerRuns.job, NOTICE_DEADLINE_JOB), inArray(schedulerRuns.slot, [...slots.keys()])));
    for (const d of done) slots.delete(d.slot);
    if (slots.size === 0) continue;
    const acks = await acksOf(db, notice.id);
    const due = { at: deadline, timeZone: tree.get(notice.unitId)?.timeZone ?? DEFAULT_TIME_ZONE };
    for (const [slot, unitId] of slots) {
      const tz = tree.get(unitId)?.timeZone ?? DEFAULT_TIME_ZONE;
      const { quiet } = effectiveSettings(tree, rows, unitId, opts.settings);
      const at = afterQuiet(deadline - DEADLINE_REMINDER_BEFORE_MS, quiet, tz, zm);
      if (at > t && at < deadline) continue; // quiet hours: later
      const work = new Work(db, now);
      work.write(db.insert(schedulerRuns).values({ job: NOTICE_DEADLINE_JOB, slot, at: t }).onConflictDoNothing());
      const pending = (await expectedMembers(db, [unitId], notice)).filter((m) => !acks.has(m.id));
      // Quiet hours last until the deadline: skipped, and the slot says it was decided.
      if (at < deadline && pending.length) {
        const messages = groupChaseRows({
          notice,
          ref: `${notice.id}.due`,
          unitId,
          chats: await boundChats(db, [unitId]),
          pending,
          accounts: await accountsOf(db, pending),
          platforms: opts.platforms,
          texts: opts.texts,
          due,
        });
        enqueue(work, messages);
        out.messages += messages.length;
      }
      await store.batch(work.writes);
      out.units++;
    }
  }
  return out;
}

/** How far back the weekly digest looks for overdue notices. */
export const OVERDUE_DIGEST_DAYS = 30;

/**
 * Notices issued by `unitId` or addressed to it or a unit below it, whose deadline passed within
 * OVERDUE_DIGEST_DAYS and that some of those units' members have not confirmed, by deadline.
 */
export async function overdueNotices(db: Db, tree: UnitTree, unitId: string, now: Date): Promise<OverdueNotice[]> {
  const t = now.getTime();
  const below = tree.subtree(unitId).map((u) => u.id);
  if (below.length === 0) return [];
  const addressed = db
    .selectDistinct({ id: noticeTargets.noticeId })
    .from(noticeTargets)
    .where(inArray(noticeTargets.unitId, below));
  const list = await db
    .select()
    .from(notices)
    .where(
      and(
        eq(notices.status, 'sent'),
        isNull(notices.withdrawnAt),
        lte(notices.deadlineAt, t),
        gt(notices.deadlineAt, t - OVERDUE_DIGEST_DAYS * 86_400_000),
        or(eq(notices.unitId, unitId), inArray(notices.id, addressed)),
      ),
    )
    .orderBy(asc(notices.deadlineAt));
  const out: OverdueNotice[] = [];
  const mine = new Set(below);
  for (const n of list) {
    const targets = await targetsOf(db, n.id);
    // The issuing unit follows all its targets; a unit addressed from above, its own part.
    const followed = n.unitId === unitId ? targets : targets.filter((u) => mine.has(u));
    const expected = await expectedMembers(db, followed, n);
    const acks = await acksOf(db, n.id);
    const confirmed = expected.filter((m) => acks.has(m.id)).length;
    if (confirmed < expected.length)
      out.push({ id: n.id, title: n.title, deadlineAt: n.deadlineAt!, confirmed, expected: expected.length });
  }
  return out;
}
