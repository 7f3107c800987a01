import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { meetings, reminders, reminderSettings } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { Meeting } from '../meetings/meetings.js';
import type { UnitTree } from '../org/units.js';
import type { Work } from '../../contracts/work.js';
import { DEFAULT_TIME_ZONE } from '../../contracts/time.js';
import { ZoneClock } from './zone-clock.js';
import { parseQuietSetting, type QuietHours, type SchedulerSettings } from '../../contracts/config/scheduler.js';

// When a meeting's reminders go: the unit's offsets before the start, moved out of quiet hours.

/** What planning reads of a unit's 提醒设置 row (not who changed it). */
export type SettingsRow = Pick<typeof reminderSettings.$inferSelect, 'unitId' | 'offsetsMin' | 'quietHours'>;

/** The offsets and quiet hours in force for a unit, and which unit set each (null: the defaults). */
export interface UnitReminderSettings {
  offsetsMin: number[];
  quiet: QuietHours | null;
  offsetsFrom: string | null;
  quietFrom: string | null;
}

/** What planning reads from the config. */
export type PlanDefaults = Pick<
  SchedulerSettings,
  'REMINDER_OFFSETS_MIN' | 'REMINDER_QUIET_HOURS' | 'REMINDER_QUIET_BYPASS_MIN'
>;

/** Every unit's 提醒设置 row (one per unit at most: a small table). */
export async function loadSettingsRows(db: Db): Promise<Map<string, SettingsRow>> {
  const { unitId, offsetsMin, quietHours } = reminderSettings;
  const rows = await db.select({ unitId, offsetsMin, quietHours }).from(reminderSettings);
  return new Map(rows.map((r) => [r.unitId, r]));
}

/** A unit's settings: its own, else the nearest unit above that sets them, else the defaults. */
export function effectiveSettings(
  tree: UnitTree,
  rows: ReadonlyMap<string, SettingsRow>,
  unitId: string,
  d: PlanDefaults,
): UnitReminderSettings {
  let offsets: { v: number[]; from: string } | null = null;
  let quiet: { v: QuietHours | 'off'; from: string } | null = null;
  for (let u = tree.get(unitId), hops = 0; u && hops < 64 && (!offsets || !quiet); u = tree.get(u.parentId), hops++) {
    const row = rows.get(u.id);
    if (!row) continue;
    if (!offsets && row.offsetsMin) offsets = { v: JSON.parse(row.offsetsMin) as number[], from: u.id };
    const q = row.quietHours ? parseQuietSetting(row.quietHours) : null;
    if (!quiet && q) quiet = { v: q, from: u.id };
  }
  const fallback = parseQuietSetting(d.REMINDER_QUIET_HOURS);
  const q = quiet ? quiet.v : fallback;
  return {
    offsetsMin: offsets?.v ?? d.REMINDER_OFFSETS_MIN,
    quiet: q && q !== 'off' ? q : null,
    offsetsFrom: offsets?.from ?? null,
    quietFrom: quiet?.from ?? null,
  };
}

const MIN = 60_000;

/** True when minute-of-day `m` lies in [start, end), wrapping past midnight. */
export function inQuiet(m: number, q: QuietHours): boolean {
  return q.startMin < q.endMin ? m >= q.startMin && m < q.endMin : m >= q.startMin || m < q.endMin;
}

/**
 * When a reminder nominally due at `nominal` goes: at its time outside quiet hours; inside them, at
 * the last minute before they began, unless the meeting starts within `bypassMin` of it (then on time).
 */
export function quietAdjusted(
  nominal: number,
  startsAt: number,
  q: QuietHours | null,
  tz: string,
  bypassMin: number,
  zm: ZoneClock,
): number {
  if (!q) return nominal;
  const m = zm.minuteOfDay(nominal, tz);
  if (!inQuiet(m, q) || startsAt - nominal <= bypassMin * MIN) return nominal;
  const since = (m - q.startMin + 1440) % 1440;
  let at = nominal - (nominal % MIN) - since * MIN - MIN;
  // A clock change inside the quiet period shifts wall time against elapsed time: correct by the difference.
  const drift = ((zm.minuteOfDay(at + MIN, tz) - q.startMin + 2160) % 1440) - 720;
  at -= drift * MIN;
  return at;
}

export interface PlannedReminder {
  meetingId: number;
  offsetMin: number;
  dueAt: number;
}

/**
 * A meeting's reminders: one per offset, quiet-adjusted; those that would go before `now` are
 * dropped (never sent late), and offsets landing on the same minute are sent once (largest kept).
 */
export function planMeeting(
  m: Pick<Meeting, 'id' | 'startsAt'>,
  s: Pick<UnitReminderSettings, 'offsetsMin' | 'quiet'>,
  tz: string,
  now: number,
  bypassMin: number,
  zm: ZoneClock,
): PlannedReminder[] {
  const out: PlannedReminder[] = [];
  const seen = new Set<number>();
  for (const offsetMin of [...s.offsetsMin].sort((a, b) => b - a)) {
    const dueAt = quietAdjusted(m.startsAt - offsetMin * MIN, m.startsAt, s.quiet, tz, bypassMin, zm);
    if (dueAt < now || dueAt >= m.startsAt || seen.has(dueAt)) continue;
    seen.add(dueAt);
    out.push({ meetingId: m.id, offsetMin, dueAt });
  }
  return out;
}

/** Plans the reminders of `list` with each meeting's unit settings (`rows` may hold unsaved changes). */
export function planAll(
  tree: UnitTree,
  rows: ReadonlyMap<string, SettingsRow>,
  list: readonly Pick<Meeting, 'id' | 'unitId' | 'startsAt'>[],
  now: number,
  d: PlanDefaults,
): PlannedReminder[] {
  const zm = new ZoneClock();
  const byUnit = new Map<string, UnitReminderSettings>();
  const out: PlannedReminder[] = [];
  for (const m of list) {
    let s = byUnit.get(m.unitId);
    if (!s) byUnit.set(m.unitId, (s = effectiveSettings(tree, rows, m.unitId, d)));
    const tz = tree.get(m.unitId)?.timeZone ?? DEFAULT_TIME_ZONE;
    out.push(...planMeeting(m, s, tz, now, d.REMINDER_QUIET_BYPASS_MIN, zm));
  }
  return out;
}

/**
 * Writes planned reminders as part of `work`: new ones are inserted; a pending one for the same
 * meeting and offset gets the new time (and loses any lease, so a tick holding it sends nothing);
 * a sent or missed one stays as it is. All rows travel as one JSON parameter (bench/scheduler.ts).
 */
export function writePlanned(work: Work, planned: readonly PlannedReminder[]): void {
  if (planned.length === 0) return;
  const rows = JSON.stringify(planned.map((p) => [p.meetingId, p.offsetMin, p.dueAt]));
  const fields = sql`json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')`;
  const moved = sql`"due_at" = excluded."due_at", "lease_owner" = NULL, "lease_until" = NULL`;
  work.write(
    work.db.run(sql`INSERT INTO "reminders" ("meeting_id", "offset_min", "due_at", "status", "created_at")
      SELECT ${fields}, 'pending', ${work.now.getTime()}
      FROM json_each(${rows}) WHERE true
      ON CONFLICT ("meeting_id", "offset_min") DO UPDATE SET ${moved}
      WHERE "reminders"."status" = 'pending'`),
  );
}

/** Stores the reminders of newly scheduled meetings (or of a moved one after `removeReminders`). */
export async function scheduleReminders(
  work: Work,
  tree: UnitTree,
  list: readonly Meeting[],
  d: PlanDefaults,
): Promise<PlannedReminder[]> {
  const live = list.filter((m) => m.status === 'scheduled');
  if (live.length === 0) return [];
  const planned = planAll(tree, await loadSettingsRows(work.db), live, work.now.getTime(), d);
  writePlanned(work, planned);
  return planned;
}

/** Deletes every reminder of the meetings (cancelled, or moved and about to be planned afresh). */
export function removeReminders(work: Work, meetingIds: readonly number[]): void {
  if (meetingIds.length === 0) return;
  work.write(work.db.delete(reminders).where(inArray(reminders.meetingId, [...meetingIds])));
}

/**
 * Re-plans the pending reminders of the upcoming meetings of `unitIds` after their settings
 * changed (`rows` holds the change, not yet committed): offsets no longer wanted are dropped,
 * kept ones move, new ones are added; reminders already sent or missed stay. Returns how many
 * meetings were re-planned.
 */
export async function replanUnits(
  work: Work,
  tree: UnitTree,
  unitIds: readonly string[],
  rows: ReadonlyMap<string, SettingsRow>,
  d: PlanDefaults,
): Promise<number> {
  if (unitIds.length === 0) return 0;
  const upcoming = await work.db
    .select({ id: meetings.id, unitId: meetings.unitId, startsAt: meetings.startsAt })
    .from(meetings)
    .where(
      and(
        inArray(meetings.unitId, [...unitIds]),
        eq(meetings.status, 'scheduled'),
        gt(meetings.startsAt, work.now.getTime()),
      ),
    )
    .orderBy(asc(meetings.startsAt));
  if (upcoming.length === 0) return 0;
  const planned = planAll(tree, rows, upcoming, work.now.getTime(), d);
  const keep = JSON.stringify(planned.map((p) => `${p.meetingId}:${p.offsetMin}`));
  const ids = JSON.stringify(upcoming.map((m) => m.id));
  work.write(
    work.db.run(sql`DELETE FROM "reminders" WHERE "status" = 'pending'
      AND "meeting_id" IN (SELECT value FROM json_each(${ids}))
      AND ("meeting_id" || ':' || "offset_min") NOT IN (SELECT value FROM json_each(${keep}))`),
  );
  writePlanned(work, planned);
  return upcoming.length;
}
