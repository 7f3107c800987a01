import { and, eq } from 'drizzle-orm';
import { timeDefaults } from '../../db/schema.js';
import { actorIdentity, type ActorRef } from '../../contracts/identity.js';
import type { Db } from '../../contracts/store.js';
import type { Work } from '../../contracts/work.js';
import type { UnitTree } from '../org/units.js';
import { timeError } from './errors.js';

// 时间设置: per unit, the clock time a part of day written without an hour stands for, inherited
// down the unit tree part by part. The reader (src/command/time/) takes them as its defaults.

/** The parts of day a unit may set, as the time reader names them ('day': a date with no part). */
export const TIME_PARTS = [
  'dawn',
  'early_morning',
  'morning',
  'noon',
  'afternoon',
  'dusk',
  'evening',
  'night',
  'day',
] as const;
export type TimePart = (typeof TIME_PARTS)[number];

const H = 60;
/**
 * The hours (minutes after midnight, inclusive) each part's default must lie in, so that 「下午」
 * can never mean the morning; 夜里 runs up to midnight (a 凌晨 meeting is 凌晨's).
 */
export const PART_WINDOW_MIN: ReadonlyMap<TimePart, readonly [number, number]> = new Map([
  ['dawn', [0, 6 * H]],
  ['early_morning', [5 * H, 9 * H + 30]],
  ['morning', [6 * H, 12 * H]],
  ['noon', [11 * H, 14 * H]],
  ['afternoon', [12 * H, 18 * H + 30]],
  ['dusk', [16 * H, 20 * H]],
  ['evening', [17 * H, 23 * H + 59]],
  ['night', [19 * H, 23 * H + 59]],
  ['day', [6 * H, 22 * H]],
]);

/** Every unit's own settings: unit id → part → minutes after midnight. */
export type TimeDefaultRows = ReadonlyMap<string, ReadonlyMap<TimePart, number>>;

export async function loadTimeDefaults(db: Db): Promise<TimeDefaultRows> {
  const rows = await db.select().from(timeDefaults);
  const out = new Map<string, Map<TimePart, number>>();
  for (const r of rows) {
    if (!(TIME_PARTS as readonly string[]).includes(r.part)) continue;
    const unit = out.get(r.unitId) ?? new Map<TimePart, number>();
    unit.set(r.part as TimePart, r.clockMin);
    out.set(r.unitId, unit);
  }
  return out;
}

/** What a unit reads a part as, and which unit set it; parts no unit above sets are absent. */
export function effectiveTimeDefaults(
  tree: UnitTree,
  rows: TimeDefaultRows,
  unitId: string,
): Map<TimePart, { clockMin: number; from: string }> {
  const out = new Map<TimePart, { clockMin: number; from: string }>();
  for (let u = tree.get(unitId), hops = 0; u && hops < 64; u = tree.get(u.parentId), hops++) {
    for (const [part, clockMin] of rows.get(u.id) ?? []) if (!out.has(part)) out.set(part, { clockMin, from: u.id });
  }
  return out;
}

/** A change: new clock times for some parts, null to go back to what is inherited. */
export type TimeDefaultsChange = ReadonlyMap<TimePart, number | null>;

/** Checks and saves a change to a unit's 时间设置 (in the work's batch). */
export function saveTimeDefaults(work: Work, unitId: string, change: TimeDefaultsChange, by: ActorRef): void {
  for (const [part, clockMin] of change) {
    const [fromMin, toMin] = PART_WINDOW_MIN.get(part)!;
    if (clockMin !== null && (clockMin < fromMin || clockMin > toMin)) {
      throw timeError('times.outside_part', { part, clockMin, fromMin, toMin });
    }
  }
  for (const [part, clockMin] of change) {
    const key = and(eq(timeDefaults.unitId, unitId), eq(timeDefaults.part, part));
    if (clockMin === null) {
      work.write(work.db.delete(timeDefaults).where(key));
      continue;
    }
    const set = {
      clockMin,
      updatedByMemberId: by.memberId,
      updatedByIdentity: actorIdentity(by),
      updatedAt: work.now.getTime(),
    };
    const insert = work.db.insert(timeDefaults).values({ unitId, part, ...set });
    work.write(insert.onConflictDoUpdate({ target: [timeDefaults.unitId, timeDefaults.part], set }));
  }
}
