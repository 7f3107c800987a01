import { inArray } from 'drizzle-orm';
import { duesSettings } from '../../db/schema.js';
import { actorIdentity } from '../../contracts/identity.js';
import type { Db } from '../../contracts/store.js';
import type { Work } from '../../contracts/work.js';
import type { Unit } from '../org/units.js';
import { auditDues, type Origin } from './audit.js';

/** The day of the month members are reminded, unless the unit chose another (党费设置 提醒日). */
export const DUES_REMINDER_DAY = 5;
/** Latest reminder day a unit may choose (every month has it). */
export const MAX_DUES_REMINDER_DAY = 28;
/** Time of day (unit's zone) of the members' reminder and, later, of the officers' unpaid list. */
export const DUES_REMINDER_TIME = '09:00';
/** The officers' unpaid list goes this many days after the reminder (at most the month's last day). */
export const DUES_OFFICER_DELAY_DAYS = 7;
/** Months unpaid in a row at which the 书记 is told (3 and 5); from 6 on, the 自行脱党 warning. */
export const DUES_FLAG_MONTHS = 3;
export const DUES_LAST_CALL_MONTHS = 5;
export const DUES_LAPSE_MONTHS = 6;
/** How far back a reminder or a statement looks for months still owed. */
export const DUES_LOOKBACK_MONTHS = 12;
/** Most months one 交党费 may cover, and how far ahead (预交) it may reach. */
export const MAX_MONTHS_PER_PAYMENT = 12;
export const MAX_MONTHS_AHEAD = 12;

/** Each unit's reminder day (the default where none is set). */
export async function reminderDays(db: Db, unitIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map(unitIds.map((id) => [id, DUES_REMINDER_DAY]));
  if (unitIds.length === 0) return out;
  const rows = await db
    .select({ unitId: duesSettings.unitId, day: duesSettings.reminderDay })
    .from(duesSettings)
    .where(inArray(duesSettings.unitId, [...unitIds]));
  for (const r of rows) out.set(r.unitId, r.day);
  return out;
}

/** Sets a unit's reminder day (1–MAX_DUES_REMINDER_DAY, checked by the command); audited. */
export function setReminderDay(work: Work, origin: Origin, unit: Unit, day: number): void {
  const row = {
    reminderDay: day,
    updatedByMemberId: origin.actor.memberId,
    updatedByIdentity: actorIdentity(origin.actor),
    updatedAt: work.now.getTime(),
  };
  work.write(
    work.db
      .insert(duesSettings)
      .values({ unitId: unit.id, ...row })
      .onConflictDoUpdate({ target: duesSettings.unitId, set: row }),
  );
  auditDues(work, origin, { action: 'dues.settings', unitId: unit.id, target: `unit:${unit.id}`, detail: { day } });
}
