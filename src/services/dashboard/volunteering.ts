// Volunteer service of a unit: hours by month and needs by state (as 结对统计 counts them: needs
// registered by the units, the service logged against those needs).
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { needs, serviceLogs } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { NEED_STATUSES, type NeedStatus } from '../pairing/lifecycle.js';
import { monthIndex, type Month } from './period.js';

export interface MonthHours {
  key: string;
  hours: number;
  visits: number;
}

/** Hours and visits logged per month against the needs of `unitIds`. */
export async function hoursByMonth(
  db: Db,
  unitIds: readonly string[],
  months: readonly Month[],
): Promise<MonthHours[]> {
  const out = months.map((m) => ({ key: m.key, hours: 0, visits: 0 }));
  if (unitIds.length === 0 || months.length === 0) return out;
  const rows = await db
    .select({ at: serviceLogs.at, hours: serviceLogs.hours })
    .from(serviceLogs)
    .innerJoin(needs, eq(needs.id, serviceLogs.needId))
    .where(and(inArray(needs.unitId, [...unitIds]), gte(serviceLogs.at, months[0]!.start)));
  for (const r of rows) {
    const i = monthIndex(months, r.at);
    if (i < 0) continue;
    out[i]!.hours += r.hours;
    out[i]!.visits++;
  }
  for (const m of out) m.hours = Math.round(m.hours * 10) / 10;
  return out;
}

/** Needs of `unitIds` per state (every state, zeros included). */
export async function needsByState(db: Db, unitIds: readonly string[]): Promise<Record<NeedStatus, number>> {
  const out = Object.fromEntries(NEED_STATUSES.map((s) => [s, 0])) as Record<NeedStatus, number>;
  if (unitIds.length === 0) return out;
  const rows = await db
    .select({ status: needs.status, n: sql<number>`count(*)` })
    .from(needs)
    .where(inArray(needs.unitId, [...unitIds]))
    .groupBy(needs.status);
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** Needs per unit and state, for several units at once (units without needs are left out). */
export async function needsByUnit(
  db: Db,
  unitIds: readonly string[],
): Promise<Map<string, Record<NeedStatus, number>>> {
  const out = new Map<string, Record<NeedStatus, number>>();
  if (unitIds.length === 0) return out;
  const rows = await db
    .select({ unitId: needs.unitId, status: needs.status, n: sql<number>`count(*)` })
    .from(needs)
    .where(inArray(needs.unitId, [...unitIds]))
    .groupBy(needs.unitId, needs.status);
  for (const r of rows) {
    let m = out.get(r.unitId);
    if (!m) out.set(r.unitId, (m = Object.fromEntries(NEED_STATUSES.map((s) => [s, 0])) as Record<NeedStatus, number>));
    m[r.status] = Number(r.n);
  }
  return out;
}
