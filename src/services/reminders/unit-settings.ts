import { eq } from 'drizzle-orm';
import { reminderSettings } from '../../db/schema.js';
import type { Unit, UnitTree } from '../org/units.js';
import type { Work } from '../../contracts/work.js';
import { effectiveSettings, loadSettingsRows, replanUnits, type PlanDefaults, type SettingsRow, type UnitReminderSettings } from './plan.js';
import { formatQuietHours, type QuietHours } from '../../contracts/config/scheduler.js';

/** A change to a unit's 提醒设置: new offsets, new quiet hours ('off' = none), or back to inherited (null). */
export interface SettingsChange {
  offsetsMin?: number[] | null;
  quiet?: QuietHours | 'off' | null;
}

/** A unit's settings in force. */
export async function unitSettings(work: Work, tree: UnitTree, unit: Unit, d: PlanDefaults): Promise<UnitReminderSettings> {
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
  by: string,
  d: PlanDefaults,
): Promise<{ settings: UnitReminderSettings; meetings: number }> {
  const rows = new Map(await loadSettingsRows(work.db));
  const old = rows.get(unit.id);
  const next: SettingsRow = {
    unitId: unit.id,
    offsetsMin: old?.offsetsMin ?? null,
    quietHours: old?.quietHours ?? null,
    updatedBy: by,
    updatedAt: work.now.getTime(),
  };
  if (change.offsetsMin !== undefined) next.offsetsMin = change.offsetsMin ? JSON.stringify(change.offsetsMin) : null;
  if (change.quiet !== undefined) next.quietHours = change.quiet === null ? null : change.quiet === 'off' ? 'off' : formatQuietHours(change.quiet);
  if (next.offsetsMin === null && next.quietHours === null) {
    rows.delete(unit.id);
    work.write(work.db.delete(reminderSettings).where(eq(reminderSettings.unitId, unit.id)));
  } else {
    rows.set(unit.id, next);
    const { unitId: _, ...set } = next;
    work.write(work.db.insert(reminderSettings).values(next).onConflictDoUpdate({ target: reminderSettings.unitId, set }));
  }
  const meetings = await replanUnits(work, tree, tree.subtree(unit.id).map((u) => u.id), rows, d);
  return { settings: effectiveSettings(tree, rows, unit.id, d), meetings };
}
