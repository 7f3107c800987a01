import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { members, needs, serviceLogs, volunteers } from '../../db/schema.js';
import { inList } from '../../db/in-list.js';
import type { Db } from '../../contracts/store.js';
import { UNVISITED_ALERT_DAYS } from './alerts.js';
import { PAIRED_STATUSES, type NeedStatus } from './lifecycle.js';

/** A volunteer counts as active when they logged service within this many days. */
export const ACTIVE_VOLUNTEER_DAYS = 30;
const DAY_MS = 86_400_000;

export interface PairingStats {
  byStatus: Record<NeedStatus, number>;
  volunteers: number;
  activeVolunteers: number;
  hours: number;
  visits: number;
  unvisited: number;
  averageRating: number | null;
}

/** Figures for 结对统计 over some units (needs of those units, volunteers who belong to them). */
export async function pairingStats(db: Db, unitIds: string[], now: Date): Promise<PairingStats> {
  const t = now.getTime();
  const byStatus = { open: 0, assigned: 0, accepted: 0, in_service: 0, rated: 0, closed: 0 } as Record<
    NeedStatus,
    number
  >;
  const statusRows = await db
    .select({ status: needs.status, n: sql<number>`count(*)` })
    .from(needs)
    .where(inList(needs.unitId, unitIds))
    .groupBy(needs.status);
  for (const r of statusRows) byStatus[r.status] = Number(r.n);
  const rated = await db
    .select({ avg: sql<number | null>`avg(${needs.rating})` })
    .from(needs)
    .where(and(inList(needs.unitId, unitIds), sql`${needs.rating} IS NOT NULL`));
  const service = await db
    .select({ hours: sql<number | null>`sum(${serviceLogs.hours})`, visits: sql<number>`count(*)` })
    .from(serviceLogs)
    .innerJoin(needs, eq(needs.id, serviceLogs.needId))
    .where(and(inList(needs.unitId, unitIds), eq(serviceLogs.pending, false)));
  const served = sql`SELECT 1 FROM ${serviceLogs} WHERE ${serviceLogs.volunteerId} = ${volunteers.memberId}`;
  const lately = sql`${serviceLogs.at} >= ${t - ACTIVE_VOLUNTEER_DAYS * DAY_MS}`;
  const vols = await db
    .select({
      total: sql<number>`count(*)`,
      active: sql<number>`sum(CASE WHEN EXISTS (${served} AND ${lately}) THEN 1 ELSE 0 END)`,
    })
    .from(volunteers)
    .innerJoin(members, eq(members.id, volunteers.memberId))
    .where(and(eq(volunteers.active, true), inList(members.unitId, unitIds)));
  const stale = await db
    .select({ n: sql<number>`count(*)` })
    .from(needs)
    .where(
      and(
        inList(needs.unitId, unitIds),
        inArray(needs.status, ['assigned', 'accepted', 'in_service']),
        lte(sql`coalesce(${needs.lastVisitAt}, ${needs.statusAt})`, t - UNVISITED_ALERT_DAYS * DAY_MS),
      ),
    );
  const avg = rated[0]?.avg;
  return {
    byStatus,
    volunteers: Number(vols[0]?.total ?? 0),
    activeVolunteers: Number(vols[0]?.active ?? 0),
    hours: Number(service[0]?.hours ?? 0),
    visits: Number(service[0]?.visits ?? 0),
    unvisited: Number(stale[0]?.n ?? 0),
    averageRating: avg === null || avg === undefined ? null : Number(avg),
  };
}

/** A member's volunteering, for 我的: null for someone who never volunteered. */
export interface PairingMe {
  openPairings: number;
  hours: number;
  /** The profile's skills as stored ("护理、买菜"), null without a profile. */
  skills: string | null;
}

export async function pairingMe(db: Db, memberId: string): Promise<PairingMe | null> {
  const [profile] = await db
    .select({ skills: volunteers.skills })
    .from(volunteers)
    .where(eq(volunteers.memberId, memberId))
    .limit(1);
  const [open] = await db
    .select({ n: sql<number>`count(*)` })
    .from(needs)
    .where(and(eq(needs.volunteerId, memberId), inArray(needs.status, [...PAIRED_STATUSES])));
  const [served] = await db
    .select({ hours: sql<number | null>`sum(${serviceLogs.hours})` })
    .from(serviceLogs)
    .where(and(eq(serviceLogs.volunteerId, memberId), eq(serviceLogs.pending, false)));
  const hours = Number(served?.hours ?? 0);
  const openPairings = Number(open?.n ?? 0);
  if (!profile && !openPairings && !hours) return null;
  return { openPairings, hours, skills: profile?.skills ?? null };
}
