import { and, asc, count, eq, gte, inArray } from 'drizzle-orm';
import { meetings, reminders } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { Meeting } from '../meetings/meetings.js';
import { canManage, type Sender } from '../org/identity.js';
import type { Unit, UnitTree } from '../org/units.js';
import { reminderError } from './errors.js';

/** A reminder that was not sent because it came due while no scheduler ran (or after the start). */
export interface MissedReminder {
  id: number;
  offsetMin: number;
  dueAt: number;
  doneAt: number | null;
  meeting: Meeting;
}

/** Missed reminders of meetings of `unitIds` that came due since `since`, oldest first. */
export async function missedReminders(
  db: Db,
  unitIds: readonly string[],
  since: Date,
  limit = 50,
): Promise<MissedReminder[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .select({ r: reminders, m: meetings })
    .from(reminders)
    .innerJoin(meetings, eq(meetings.id, reminders.meetingId))
    .where(
      and(
        eq(reminders.status, 'missed'),
        gte(reminders.dueAt, since.getTime()),
        inArray(meetings.unitId, [...unitIds]),
      ),
    )
    .orderBy(asc(reminders.dueAt), asc(reminders.id))
    .limit(limit);
  return rows.map(({ r, m }) => ({ id: r.id, offsetMin: r.offsetMin, dueAt: r.dueAt, doneAt: r.doneAt, meeting: m }));
}

/**
 * 错过提醒: the missed reminders of `unit` and the units below it since `since`, for an actor who
 * manages the unit (officers see their unit and everything below it).
 */
export async function missedRemindersOf(
  db: Db,
  tree: UnitTree,
  actor: Sender,
  unit: Unit,
  since: Date,
): Promise<MissedReminder[]> {
  if (!canManage(actor, tree, unit.id)) {
    throw reminderError('reminder.not_allowed', { unitId: unit.id, unitName: unit.name });
  }
  return missedReminders(
    db,
    tree.subtree(unit.id).map((u) => u.id),
    since,
  );
}

/** How many such reminders there are (for the hint in 会议列表). */
export async function countMissed(db: Db, unitIds: readonly string[], since: Date): Promise<number> {
  if (unitIds.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(reminders)
    .innerJoin(meetings, eq(meetings.id, reminders.meetingId))
    .where(
      and(
        eq(reminders.status, 'missed'),
        gte(reminders.dueAt, since.getTime()),
        inArray(meetings.unitId, [...unitIds]),
      ),
    );
  return row?.n ?? 0;
}
