import { eq } from 'drizzle-orm';
import { reminderSettings } from '../../db/schema.js';
import type { Unit, UnitTree } from '../org/units.js';
import type { Work } from '../../contracts/work.js';
import {
  effectiveSettings,
  loadSettingsRows,
  replanUnits,
  type PlanDefaults,
  type SettingsRow,
  type UnitReminderSettings,
} from './plan.js';
import {
  REMINDER_MAX_OFFSETS,
  REMINDER_MAX_OFFSET_MIN,
  formatQuietHours,
  type QuietHours,
} from '../../contracts/config/scheduler.js';
import { actorIdentity, type ActorRef } from '../../contracts/identity.js';
import { reminderError } from './errors.js';

/** A change to a unit's 提醒设置: new offsets, new quiet hours ('off' = none), or back to inherited (null). */
export interface SettingsChange {
  /** Minutes before the start, largest first, without repeats. */
  offsetsMin?: number[] | null;
  quiet?: QuietHours | 'off' | null;
}

/** A unit sets 1 to REMINDER_MAX_OFFSETS offsets, none longer than REMINDER_MAX_OFFSET_MIN. */
export function checkOffsets(offsetsMin: readonly number[]): void {
  if (offsetsMin.length === 0 || offsetsMin.length > REMINDER_MAX_OFFSETS) {
    throw reminderError('reminder.offset_count', { min: 1, max: REMINDER_MAX_OFFSETS });
  }
  if (Math.max(...offsetsMin) > REMINDER_MAX_OFFSET_MIN) {
    throw reminderError('reminder.offset_too_long', { maxMin: REMINDER_MAX_OFFSET_MIN });
  }
}

/** A unit's settings in force. */
export async function unitSettings(
  work: Work,
  tree: UnitTree,
  unit: Unit,
  d: PlanDefaults,
): Promise<UnitReminderSettings> {
  return effectiveSettings(tree, await loadSettingsRows(work.db), unit.id, d);
}

/**
 * Saves a change to a unit's 提醒设置 and, in the same work, re-plans the pending reminders of the
 * upcoming meetings of the unit and of the units below it (they inherit what they do not set).
 */
export async function saveUnitSettings(
  work: Work,
  tree: UnitTree,
  unit: Unit,
  change: SettingsChange,
  by: ActorRef,
  d: PlanDefaults,
): Promise<{ settings: UnitReminderSettings; meetings: number }> {
  if (change.offsetsMin) checkOffsets(change.offsetsMin);
  const rows = new Map(await loadSettingsRows(work.db));
  const old = rows.get(unit.id);
  const next: SettingsRow = {
    unitId: unit.id,
    offsetsMin: old?.offsetsMin ?? null,
    quietHours: old?.quietHours ?? null,
  };
  if (change.offsetsMin !== undefined) next.offsetsMin = change.offsetsMin ? JSON.stringify(change.offsetsMin) : null;
  if (change.quiet !== undefined) {
    next.quietHours = change.quiet === null ? null : change.quiet === 'off' ? 'off' : formatQuietHours(change.quiet);
  }
  if (next.offsetsMin === null && next.quietHours === null) {
    rows.delete(unit.id);
    work.write(work.db.delete(reminderSettings).where(eq(reminderSettings.unitId, unit.id)));
  } else {
    rows.set(unit.id, next);
    const set = {
      offsetsMin: next.offsetsMin,
      quietHours: next.quietHours,
      updatedByMemberId: by.memberId,
      updatedByIdentity: actorIdentity(by),
      updatedAt: work.now.getTime(),
    };
    const upsert = work.db.insert(reminderSettings).values({ unitId: unit.id, ...set });
    work.write(upsert.onConflictDoUpdate({ target: reminderSettings.unitId, set }));
  }
  const meetings = await replanUnits(
    work,
    tree,
    tree.subtree(unit.id).map((u) => u.id),
    rows,
    d,
  );
  return { settings: effectiveSettings(tree, rows, unit.id, d), meetings };
}
