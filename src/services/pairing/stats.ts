import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { members, needs, serviceLogs, volunteers } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { UNVISITED_ALERT_DAYS } from './alerts.js';
import { PAIRED_STATUSES, type NeedStatus } from './lifecycle.js';
import { formatHours } from './service-log.js';

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
  const byStatus = { open: 0, assigned: 0, accepted: 0, in_service: 0, rated: 0, closed: 0 } as Record<NeedStatus, number>;
  const statusRows = await db
    .select({ status: needs.status, n: sql<number>`count(*)` })
    .from(needs)
    .where(inArray(needs.unitId, unitIds))
    .groupBy(needs.status);
  for (const r of statusRows) byStatus[r.status] = Number(r.n);
  const rated = await db
    .select({ avg: sql<number | null>`avg(${needs.rating})` })
    .from(needs)
    .where(and(inArray(needs.unitId, unitIds), sql`${needs.rating} IS NOT NULL`));
  const service = await db
    .select({ hours: sql<number | null>`sum(${serviceLogs.hours})`, visits: sql<number>`count(*)` })
    .from(serviceLogs)
    .innerJoin(needs, eq(needs.id, serviceLogs.needId))
    .where(inArray(needs.unitId, unitIds));
  const vols = await db
    .select({
      total: sql<number>`count(*)`,
      active: sql<number>`sum(CASE WHEN EXISTS (SELECT 1 FROM ${serviceLogs} WHERE ${serviceLogs.volunteerId} = ${volunteers.memberId} AND ${serviceLogs.at} >= ${t - ACTIVE_VOLUNTEER_DAYS * DAY_MS}) THEN 1 ELSE 0 END)`,
    })
    .from(volunteers)
    .innerJoin(members, eq(members.id, volunteers.memberId))
    .where(and(eq(volunteers.active, true), inArray(members.unitId, unitIds)));
  const stale = await db
    .select({ n: sql<number>`count(*)` })
    .from(needs)
    .where(
      and(
        inArray(needs.unitId, unitIds),
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

/** 结对统计 as text (no personal data; fine in a group). */
export function formatStats(unitName: string, s: PairingStats): string {
  const covered = s.byStatus.accepted + s.byStatus.in_service + s.byStatus.rated;
  return [
    `「${unitName}」结对帮扶统计`,
    `帮扶中住户：${covered} 户（已结案 ${s.byStatus.closed} 户）`,
    `待派单：${s.byStatus.open} 个，已派单待接单：${s.byStatus.assigned} 个`,
    `志愿者：${s.volunteers} 人，近 ${ACTIVE_VOLUNTEER_DAYS} 天有服务：${s.activeVolunteers} 人`,
    `累计服务：${s.visits} 次，${formatHours(s.hours)}`,
    `超过 ${UNVISITED_ALERT_DAYS} 天未走访：${s.unvisited} 户`,
    `平均评价：${s.averageRating === null ? '暂无' : `${s.averageRating.toFixed(1)} 分`}`,
  ].join('\n');
}

/** Lines for 我的: open pairings and volunteer hours, or none for someone who never volunteered. */
export async function pairingMeLines(db: Db, memberId: string): Promise<string[]> {
  const [profile] = await db.select({ skills: volunteers.skills }).from(volunteers).where(eq(volunteers.memberId, memberId)).limit(1);
  const [open] = await db
    .select({ n: sql<number>`count(*)` })
    .from(needs)
    .where(and(eq(needs.volunteerId, memberId), inArray(needs.status, [...PAIRED_STATUSES])));
  const [served] = await db
    .select({ hours: sql<number | null>`sum(${serviceLogs.hours})` })
    .from(serviceLogs)
    .where(eq(serviceLogs.volunteerId, memberId));
  const hours = Number(served?.hours ?? 0);
  if (!profile && !Number(open?.n) && !hours) return [];
  return [`志愿服务：在办结对 ${Number(open?.n ?? 0)} 个，累计服务 ${formatHours(hours)}${profile ? `（专长：${profile.skills}）` : ''}`];
}
