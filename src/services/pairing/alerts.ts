import { officersByUnit } from '../org/members.js';
import { and, eq, inArray, lte, or, sql } from 'drizzle-orm';
import { members, needs, outbox } from '../../db/schema.js';
import type { Store } from '../../contracts/store.js';
import { enqueueToMember } from '../../outbox/enqueue.js';
import { zonedParts } from '../../contracts/time.js';
import { UnitTree } from '../org/units.js';
import { Work } from '../../contracts/work.js';
import type { NeedRow } from './needs.js';
import type { PairingAlertTexts, UnassignedAlert, UnvisitedAlert } from './texts.js';
import { Slicer } from '../../contracts/slices.js';

/** A paired household with no visit logged for this many days is reported to the officers. */
export const UNVISITED_ALERT_DAYS = 14;
/** An open need nobody was assigned to for this many days is reported (urgent ones sooner). */
export const UNASSIGNED_ALERT_DAYS = 3;
export const URGENT_UNASSIGNED_ALERT_DAYS = 1;

const DAY_MS = 86_400_000;
/** Outbox rows written per transaction. */
const ALERT_ROWS_PER_BATCH = 200;
/** Outbox kind of the one message an officer gets for several stalled needs; ref: the local day. */
export const PAIRING_ALERT_SUMMARY_KIND = 'pairing.alert.summary';

interface Alerted<A> {
  alert: A;
  /** The need's local day (the alert's idempotency key). */
  day: string;
}

export interface PairingAlertOptions {
  unvisitedDays?: number;
  unassignedDays?: number;
  urgentUnassignedDays?: number;
}

export interface PairingAlertResult {
  unvisited: number;
  unassigned: number;
  /** Messages newly written to the outbox (repeats on the same day are no-ops). */
  messages: number;
}

/**
 * Reports stalled pairings to the officers of each need's unit (or the nearest unit above that
 * has officers), by direct message through the outbox. Safe to call as often as a scheduler likes:
 * the outbox key holds the need and the local day, so each need is reported once per day. The
 * words come from `texts` (commands/pairing/texts.ts implements them).
 */
export async function runPairingAlerts(
  deps: { store: Store },
  texts: PairingAlertTexts,
  now: Date,
  opts: PairingAlertOptions = {},
): Promise<PairingAlertResult> {
  const db = deps.store.db;
  const t = now.getTime();
  const unvisitedBefore = t - (opts.unvisitedDays ?? UNVISITED_ALERT_DAYS) * DAY_MS;
  const unassignedBefore = t - (opts.unassignedDays ?? UNASSIGNED_ALERT_DAYS) * DAY_MS;
  const urgentBefore = t - (opts.urgentUnassignedDays ?? URGENT_UNASSIGNED_ALERT_DAYS) * DAY_MS;

  const unvisited = await db
    .select({ need: needs, volunteerName: members.name })
    .from(needs)
    .leftJoin(members, eq(members.id, needs.volunteerId))
    .where(
      and(
        inArray(needs.status, ['assigned', 'accepted', 'in_service']),
        lte(sql`coalesce(${needs.lastVisitAt}, ${needs.statusAt})`, unvisitedBefore),
      ),
    );
  const unassigned = await db
    .select()
    .from(needs)
    .where(
      and(
        eq(needs.status, 'open'),
        or(
          lte(needs.statusAt, unassignedBefore),
          and(inArray(needs.urgency, ['urgent', 'critical']), lte(needs.statusAt, urgentBefore)),
        ),
      ),
    );
  if (unvisited.length === 0 && unassigned.length === 0) return { unvisited: 0, unassigned: 0, messages: 0 };

  const tree = await UnitTree.load(db);
  const byUnit = await officersByUnit(db);
  const officersOf = (unitId: string): string[] => {
    for (let u = tree.get(unitId), hops = 0; u && hops < 64; u = tree.get(u.parentId), hops++) {
      const found = byUnit.get(u.id);
      if (found?.length) return found;
    }
    return [];
  };
  // Per zone, not per need (Intl is slow, and a district has thousands of needs in one zone).
  const dayOf = new Map<string, string>();
  const day = (need: NeedRow): string => {
    const tz = tree.get(need.unitId)?.timeZone ?? 'Asia/Shanghai';
    let d = dayOf.get(tz);
    if (d === undefined) {
      const p = zonedParts(now, tz);
      dayOf.set(tz, (d = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`));
    }
    return d;
  };
  const days = (since: number) => Math.floor((t - since) / DAY_MS);

  // Per officer, what they are told this run: one need as its own alert (as always), several as one
  // summary message, at most one a day (issue 24: a district's first run of a day queued 3,888).
  const perOfficer = new Map<
    string,
    { unvisited: Alerted<UnvisitedAlert>[]; unassigned: Alerted<UnassignedAlert>[] }
  >();
  const bucket = (officer: string) => {
    let b = perOfficer.get(officer);
    if (!b) perOfficer.set(officer, (b = { unvisited: [], unassigned: [] }));
    return b;
  };
  const slices = new Slicer();
  for (const { need, volunteerName } of unvisited) {
    await slices.maybeYield();
    const visited = need.lastVisitAt !== null;
    const alert = { need, volunteerName, days: days(need.lastVisitAt ?? need.statusAt), visited };
    for (const officer of officersOf(need.unitId)) bucket(officer).unvisited.push({ alert, day: day(need) });
  }
  for (const need of unassigned) {
    await slices.maybeYield();
    const alert = { need, days: days(need.statusAt) };
    for (const officer of officersOf(need.unitId)) bucket(officer).unassigned.push({ alert, day: day(need) });
  }
  const before = await countAlerts(deps.store);
  // Written in parts: one transaction of thousands of rows would block the event loop (and each row
  // is idempotent by its outbox key, so a run cut short is finished by the next).
  let work = new Work(db, now);
  for (const [officer, b] of perOfficer) {
    await slices.maybeYield();
    if (work.writes.length >= ALERT_ROWS_PER_BATCH) {
      await deps.store.batch(work.writes);
      work = new Work(db, now);
    }
    const [one, ...others] = [...b.unvisited, ...b.unassigned];
    if (!one) continue;
    if (others.length === 0) {
      const solo = b.unvisited[0]
        ? { kind: 'pairing.alert.unvisited', text: texts.unvisited(b.unvisited[0].alert) }
        : { kind: 'pairing.alert.unassigned', text: texts.unassigned(b.unassigned[0]!.alert) };
      await enqueueToMember(work, officer, { ...solo, ref: `${one.alert.need.id}:${one.day}` });
      continue;
    }
    const text = texts.summary({
      unvisited: b.unvisited.map((x) => x.alert),
      unassigned: b.unassigned.map((x) => x.alert),
    });
    await enqueueToMember(work, officer, { kind: PAIRING_ALERT_SUMMARY_KIND, ref: one.day, text });
  }
  await deps.store.batch(work.writes);
  // Repeats on the same day insert nothing (outbox idempotency key); report what is really new.
  const messages = (await countAlerts(deps.store)) - before;
  return { unvisited: unvisited.length, unassigned: unassigned.length, messages };
}

async function countAlerts(store: Store): Promise<number> {
  const rows = await store.db
    .select({ n: sql<number>`count(*)` })
    .from(outbox)
    .where(sql`${outbox.kind} LIKE 'pairing.alert.%'`);
  return Number(rows[0]?.n ?? 0);
}
