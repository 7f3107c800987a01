import { officersByUnit } from '../org/members.js';
import { and, eq, inArray } from 'drizzle-orm';
import { schedulerRuns } from '../../db/schema.js';
import type { Store } from '../../contracts/store.js';
import { enqueueToMember } from '../../outbox/enqueue.js';
import { fromZoned, quarterOf, zonedParts } from '../../contracts/time.js';
import { quarterBounds, quarterUnits, type QuarterReport } from '../meetings/quarter.js';
import { yieldToLoop } from '../../contracts/slices.js';
import type { Unit, UnitTree } from '../org/units.js';
import { Work } from '../../contracts/work.js';
import type { SchedulerSettings } from '../../contracts/config/scheduler.js';
import type { OverdueNotice, QuarterDigestFacts, ReminderTexts } from './texts.js';
import type { Db } from '../../contracts/store.js';
import { unfinishedRecords, type UnfinishedRecord } from '../records/unfinished.js';

/** Outbox kind and scheduler job of the weekly 本季度 digest; the ref is "<unit id>:<date of the week's digest day>". */
export const QUARTER_DIGEST_KIND = 'quarter.digest';
/** A digest not sent at its time (downtime) still goes within this many hours; later it waits for next week. */
export const QUARTER_DIGEST_CATCHUP_HOURS = 24;

const pad = (n: number) => String(n).padStart(2, '0');

/** The latest digest moment (weekday and HH:MM in `tz`) at or before `now`. */
export function latestDigestMoment(now: Date, tz: string, weekday: number, time: string): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const p = zonedParts(now, tz);
  const back = (p.weekday - weekday + 7) % 7;
  const at = fromZoned({ year: p.year, month: p.month, day: p.day - back, hour, minute }, tz);
  return at <= now ? at : fromZoned({ year: p.year, month: p.month, day: p.day - back - 7, hour, minute }, tz);
}

/**
 * What a unit and the units below still owe this quarter (meetings, and records unfinished), or
 * null when nothing is owed.
 */
export function digestFacts(
  unit: Unit,
  report: Pick<QuarterReport, 'bounds' | 'units'>,
  now: Date,
  unfinished: readonly UnfinishedRecord[] = [],
  overdueNotices: readonly OverdueNotice[] = [],
): QuarterDigestFacts | null {
  const owed = report.units
    .map((u) => ({ unitName: u.unit.name, counts: u.counts.filter((c) => c.required > c.held) }))
    .filter((u) => u.counts.length > 0);
  if (owed.length === 0 && unfinished.length === 0 && overdueNotices.length === 0) return null;
  const { year, quarter, end } = report.bounds;
  const base = { unitName: unit.name, timeZone: unit.timeZone, year, quarter, now, quarterEnd: end, owed, unfinished };
  return overdueNotices.length ? { ...base, overdueNotices } : base;
}

export type DigestSettings = Pick<SchedulerSettings, 'QUARTER_DIGEST_WEEKDAY' | 'QUARTER_DIGEST_TIME'>;

/**
 * Sends each unit's officers (by direct message, through the outbox) the meetings their unit and
 * the units below still owe this quarter, once a week at QUARTER_DIGEST_WEEKDAY/TIME in the unit's
 * zone. A scheduler_runs row per unit and week, written with the messages, keeps it to once; the
 * outbox key (kind, unit:week, officer) keeps a race between two schedulers to once as well.
 */
export async function runQuarterDigests(
  opts: {
    store: Store;
    tree: UnitTree;
    settings: DigestSettings;
    texts: ReminderTexts;
    /** A unit's overdue notices (services/notices/deadline.ts, handed in by the scheduler). */
    overdue?: (db: Db, tree: UnitTree, unitId: string, now: Date) => Promise<OverdueNotice[]>;
  },
  now: Date,
): Promise<{ units: number; messages: number }> {
  const { store, tree, settings: s } = opts;
  const db = store.db;
  const byUnit = await officersByUnit(db);
  const due: { unit: Unit; slot: string }[] = [];
  // Per zone, not per unit: a district's thousand units share one or two zones (Intl is slow).
  const dayOf = new Map<string, string | null>();
  const digestDay = (tz: string): string | null => {
    if (dayOf.has(tz)) return dayOf.get(tz)!;
    const at = latestDigestMoment(now, tz, s.QUARTER_DIGEST_WEEKDAY, s.QUARTER_DIGEST_TIME);
    const p = zonedParts(at, tz);
    const late = now.getTime() - at.getTime() >= QUARTER_DIGEST_CATCHUP_HOURS * 3_600_000;
    const day = late ? null : `${p.year}-${pad(p.month)}-${pad(p.day)}`;
    dayOf.set(tz, day);
    return day;
  };
  for (const unitId of byUnit.keys()) {
    const unit = tree.get(unitId);
    if (!unit) continue;
    const day = digestDay(unit.timeZone);
    if (day) due.push({ unit, slot: `${unit.id}:${day}` });
  }
  if (due.length === 0) return { units: 0, messages: 0 };
  const done = await db
    .select({ slot: schedulerRuns.slot })
    .from(schedulerRuns)
    .where(
      and(
        eq(schedulerRuns.job, QUARTER_DIGEST_KIND),
        inArray(
          schedulerRuns.slot,
          due.map((d) => d.slot),
        ),
      ),
    );
  const skip = new Set(done.map((d) => d.slot));
  let units = 0;
  let messages = 0;
  for (const { unit, slot } of due) {
    if (skip.has(slot)) continue;
    // One unit per slice: the messages that came in meanwhile are answered between two units.
    await yieldToLoop();
    const q = quarterOf(now, unit.timeZone);
    const bounds = quarterBounds(q.year, q.quarter, unit.timeZone);
    const report = await quarterUnits(db, tree, unit, bounds, now);
    const unfinished = await unfinishedRecords(db, tree, unit.id, bounds, now);
    const facts = digestFacts(unit, report, now, unfinished, (await opts.overdue?.(db, tree, unit.id, now)) ?? []);
    const text = facts && opts.texts.quarterDigest(facts);
    const work = new Work(db, now);
    work.write(
      db.insert(schedulerRuns).values({ job: QUARTER_DIGEST_KIND, slot, at: now.getTime() }).onConflictDoNothing(),
    );
    if (text) {
      for (const officer of byUnit.get(unit.id) ?? []) {
        if (await enqueueToMember(work, officer, { kind: QUARTER_DIGEST_KIND, ref: slot, text, unitId: unit.id }))
          messages++;
      }
    }
    await store.batch(work.writes);
    units++;
  }
  return { units, messages };
}
