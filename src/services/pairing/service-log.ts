import { and, eq, sql } from 'drizzle-orm';
import { serviceLogs } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { Work } from '../../contracts/work.js';
import type { Sender } from '../org/identity.js';
import type { UnitTree } from '../org/units.js';
import { actorOf, storedActor } from './actors.js';
import { pairingError } from './errors.js';
import { applyTransition, type NeedRow } from './needs.js';
import { refusePersonalData, type Household } from './privacy.js';

/** Longest single service entry, in hours. */
export const MAX_SERVICE_HOURS = 24;
export const MAX_SERVICE_CONTENT_CHARS = 200;

/** One visit as logged (服务), and what the pairing adds up to with it. */
export interface LoggedService {
  hours: number;
  content: string;
  visits: number;
  totalHours: number;
}

export interface ServiceTotals {
  visits: number;
  hours: number;
}

/** Visits and hours logged so far by a need's volunteer for it. */
export async function serviceTotals(db: Db, needId: number, volunteerId: string): Promise<ServiceTotals> {
  const [total] = await db
    .select({ visits: sql<number>`count(*)`, hours: sql<number | null>`sum(${serviceLogs.hours})` })
    .from(serviceLogs)
    .where(and(eq(serviceLogs.needId, needId), eq(serviceLogs.volunteerId, volunteerId)));
  return { visits: Number(total?.visits ?? 0), hours: Number(total?.hours ?? 0) };
}

/**
 * Logs a visit of an assigned need: by its volunteer, or by an officer on their behalf. The note
 * may not hold personal data (nor the household's own, when it can be read). Moves the need to
 * in_service and records its last visit in the same batch.
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
  applyTransition(work, tree, sender, need, 'log', { patch: { lastVisitAt: work.now.getTime() } });
  const by = storedActor(actorOf(sender));
  work.write(
    work.db.insert(serviceLogs).values({
      needId: need.id,
      volunteerId,
      hours: entry.hours,
      content: entry.content,
      loggedByMemberId: by.memberId,
      loggedByIdentity: by.identity,
      at: work.now.getTime(),
    }),
  );
  // The batch has not run yet: the totals so far, plus this visit.
  const before = await serviceTotals(work.db, need.id, volunteerId);
  return { ...entry, visits: before.visits + 1, totalHours: before.hours + entry.hours };
}
