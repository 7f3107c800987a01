import { and, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import { members, serviceLogs } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { DEFAULT_TIME_ZONE, fromZoned, zonedParts } from '../../contracts/time.js';
import type { Work } from '../../contracts/work.js';
import { canManage, type Sender } from '../org/identity.js';
import type { UnitTree } from '../org/units.js';
import { actorOf, storedActor } from './actors.js';
import { pairingError } from './errors.js';
import { applyTransition, loadNeed, requireActor, type NeedRow } from './needs.js';
import { refusePersonalData, type Household } from './privacy.js';

/** Longest single service entry, in hours (no entry can hold more than a day's cap). */
export const MAX_SERVICE_HOURS = 12;
/** Most hours one volunteer may log for one calendar day (in the need's unit's zone), all needs together. */
export const MAX_DAILY_SERVICE_HOURS = 12;
/** An entry longer than this waits for an officer's 确认服务 before it counts in any total. */
export const CONFIRM_ABOVE_HOURS = 4;
export const MAX_SERVICE_CONTENT_CHARS = 200;

/** One visit as logged (服务), and what the pairing adds up to with it. */
export interface LoggedService {
  /** The record's number (确认服务 <编号>). */
  id: number;
  hours: number;
  content: string;
  /** Waits for an officer's 确认服务 before it counts. */
  pending: boolean;
  /** Counted visits and hours of the pairing, this one included when it counts. */
  visits: number;
  totalHours: number;
}

export interface ServiceTotals {
  visits: number;
  hours: number;
}

/** Counted visits and hours logged so far by a need's volunteer for it (entries waiting for 确认服务 aside). */
export async function serviceTotals(db: Db, needId: number, volunteerId: string): Promise<ServiceTotals> {
  const [total] = await db
    .select({ visits: sql<number>`count(*)`, hours: sql<number | null>`sum(${serviceLogs.hours})` })
    .from(serviceLogs)
    .where(
      and(eq(serviceLogs.needId, needId), eq(serviceLogs.volunteerId, volunteerId), eq(serviceLogs.pending, false)),
    );
  return { visits: Number(total?.visits ?? 0), hours: Number(total?.hours ?? 0) };
}

/** Hours the volunteer logged on the calendar day of `now` in `zone`, every need and state together. */
async function hoursOnDay(db: Db, volunteerId: string, now: Date, zone: string): Promise<number> {
  const p = zonedParts(now, zone);
  const start = fromZoned({ year: p.year, month: p.month, day: p.day, hour: 0, minute: 0 }, zone).getTime();
  const end = fromZoned({ year: p.year, month: p.month, day: p.day + 1, hour: 0, minute: 0 }, zone).getTime();
  const [day] = await db
    .select({ hours: sql<number | null>`sum(${serviceLogs.hours})` })
    .from(serviceLogs)
    .where(and(eq(serviceLogs.volunteerId, volunteerId), gte(serviceLogs.at, start), lt(serviceLogs.at, end)));
  return Number(day?.hours ?? 0);
}

/**
 * Logs a visit of an assigned need: by its volunteer, or by an officer on their behalf. The note
 * may not hold personal data (nor the household's own, when it can be read). A volunteer logs at
 * most MAX_DAILY_SERVICE_HOURS a day; an entry over CONFIRM_ABOVE_HOURS counts only once an
 * officer confirms it, unless an officer over the need (not the volunteer) logged it: their
 * entry is their confirmation. Moves the need to in_service and records its last visit.
 */
export async function logService(
  work: Work,
  tree: UnitTree,
  sender: Sender,
  need: NeedRow,
  entry: { hours: number; content: string },
  household?: Household,
): Promise<LoggedService> {
  const volunteerId = need.volunteerId;
  if (!volunteerId) throw pairingError('pairing.not_assigned', { id: need.id });
  refusePersonalData('service_content', entry.content, household);
  const zone = tree.get(need.unitId)?.timeZone ?? DEFAULT_TIME_ZONE;
  const today = await hoursOnDay(work.db, volunteerId, work.now, zone);
  if (today + entry.hours > MAX_DAILY_SERVICE_HOURS) {
    throw pairingError('pairing.daily_hours', { max: MAX_DAILY_SERVICE_HOURS, logged: today, hours: entry.hours });
  }
  applyTransition(work, tree, sender, need, 'log', { patch: { lastVisitAt: work.now.getTime() } });
  const officerEntry = canManage(sender, tree, need.unitId) && sender.member?.id !== volunteerId;
  const pending = entry.hours > CONFIRM_ABOVE_HOURS && !officerEntry;
  const by = storedActor(actorOf(sender));
  // The number people type to confirm it; two entries racing for it conflict and one is re-run.
  const [last] = await work.db.select({ id: sql<number | null>`max(${serviceLogs.id})` }).from(serviceLogs);
  const id = (last?.id ?? 0) + 1;
  work.write(
    work.db.insert(serviceLogs).values({
      id,
      needId: need.id,
      volunteerId,
      hours: entry.hours,
      content: entry.content,
      loggedByMemberId: by.memberId,
      loggedByIdentity: by.identity,
      at: work.now.getTime(),
      pending,
      ...(officerEntry && entry.hours > CONFIRM_ABOVE_HOURS
        ? { confirmedByMemberId: by.memberId, confirmedByIdentity: by.identity, confirmedAt: work.now.getTime() }
        : {}),
    }),
  );
  // The batch has not run yet: the totals so far, plus this visit when it counts.
  const before = await serviceTotals(work.db, need.id, volunteerId);
  const counted = pending ? before : { visits: before.visits + 1, hours: before.hours + entry.hours };
  return { id, ...entry, pending, visits: counted.visits, totalHours: counted.hours };
}

/** A confirmed long entry: the record and its need. */
export interface ConfirmedService {
  id: number;
  hours: number;
  volunteerId: string;
  need: NeedRow;
}

/**
 * 确认服务: an officer over the need (never the volunteer themselves, administrators aside)
 * confirms a long entry, which then counts.
 */
export async function confirmService(
  work: Work,
  tree: UnitTree,
  sender: Sender,
  logId: number,
): Promise<ConfirmedService> {
  const [log] = await work.db.select().from(serviceLogs).where(eq(serviceLogs.id, logId)).limit(1);
  if (!log) throw pairingError('pairing.service_not_found', { id: logId });
  const need = await loadNeed(work.db, log.needId);
  requireActor(sender, tree, need, 'officer');
  if (log.volunteerId === sender.member?.id && sender.role !== 'admin') {
    throw pairingError('pairing.service_own', { id: logId });
  }
  if (!log.pending) throw pairingError('pairing.service_not_pending', { id: logId });
  const by = storedActor(actorOf(sender));
  work.write(
    work.db
      .update(serviceLogs)
      .set({
        pending: false,
        confirmedByMemberId: by.memberId,
        confirmedByIdentity: by.identity,
        confirmedAt: work.now.getTime(),
      })
      .where(and(eq(serviceLogs.id, logId), eq(serviceLogs.pending, true))),
  );
  return { id: logId, hours: log.hours, volunteerId: log.volunteerId, need };
}

/** Member ids of who may confirm a long entry of this need: the officers of its unit, the volunteer aside. */
export async function confirmersOf(db: Db, need: Pick<NeedRow, 'unitId'>, volunteerId: string): Promise<string[]> {
  const rows = await db
    .select({ id: members.id })
    .from(members)
    .where(
      and(
        eq(members.unitId, need.unitId),
        inArray(members.role, ['secretary', 'committee']),
        ne(members.id, volunteerId),
      ),
    );
  return rows.map((r) => r.id);
}
