import { and, asc, count, eq, gte, inArray } from 'drizzle-orm';
import { meetings, reminders } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { Meeting } from '../meetings/meetings.js';

/** A reminder that was not sent because it came due while no scheduler ran (or after the start). */
export interface MissedReminder {
  id: number;
  offsetMin: number;
  dueAt: number;
  doneAt: number | null;
  meeting: Meeting;
}

/** Missed reminders of meetings of `unitIds` that came due since `since`, oldest first. */
export async function missedReminders(db: Db, unitIds: readonly string[], since: Date, limit = 50): Promise<MissedReminder[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .select({ r: reminders, m: meetings })
    .from(reminders)
    .innerJoin(meetings, eq(meetings.id, reminders.meetingId))
    .where(and(eq(reminders.status, 'missed'), gte(reminders.dueAt, since.getTime()), inArray(meetings.unitId, [...unitIds])))
    .orderBy(asc(reminders.dueAt), asc(reminders.id))
    .limit(limit);
  return rows.map(({ r, m }) => ({ id: r.id, offsetMin: r.offsetMin, dueAt: r.dueAt, doneAt: r.doneAt, meeting: m }));
}

/** How many such reminders there are (for the hint in 会议列表). */
export async function countMissed(db: Db, unitIds: readonly string[], since: Date): Promise<number> {
  if (unitIds.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(reminders)
    .innerJoin(meetings, eq(meetings.id, reminders.meetingId))
    .where(and(eq(reminders.status, 'missed'), gte(reminders.dueAt, since.getTime()), inArray(meetings.unitId, [...unitIds])));
  return row?.n ?? 0;
}
