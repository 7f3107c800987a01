import { and, eq, inArray } from 'drizzle-orm';
import { duesBases, duesRuns, members } from '../../db/schema.js';
import type { Config } from '../../contracts/config/index.js';
import type { Store } from '../../contracts/store.js';
import { fromZoned } from '../../contracts/time.js';
import { Work } from '../../contracts/work.js';
import { enqueueToMember } from '../../outbox/enqueue.js';
import { createKeyring } from '../crypto.js';
import type { Unit, UnitTree } from '../org/units.js';
import { duesUnitOf } from './access.js';
import { addMonths, daysIn, monthNumber, monthOf, yearOf, type Month } from './months.js';
import { behindFacts, monthFacts, reminderFacts } from './report.js';
import { unitDues } from './roll.js';
import { DUES_LOOKBACK_MONTHS, DUES_OFFICER_DELAY_DAYS, DUES_REMINDER_TIME, reminderDays } from './settings.js';
import type { DuesTexts } from './texts.js';

/** Outbox kinds of the monthly job: a member's reminder, the officers' unpaid list, the 书记's flags. */
export const DUES_REMIND_KIND = 'dues.remind';
export const DUES_UNPAID_KIND = 'dues.unpaid';
export const DUES_BEHIND_KIND = 'dues.behind';

/** When a unit's month sends what: the members' reminder, then the officers' list a week later. */
export function monthMoments(month: Month, day: number, tz: string): { remindAt: Date; officersAt: Date } {
  const [hour, minute] = DUES_REMINDER_TIME.split(':').map(Number) as [number, number];
  const at = (d: number) => fromZoned({ year: yearOf(month), month: monthNumber(month), day: d, hour, minute }, tz);
  return { remindAt: at(day), officersAt: at(Math.min(day + DUES_OFFICER_DELAY_DAYS, daysIn(month))) };
}

/** The units that keep someone's dues (members with a base recorded). */
async function unitsWithDues(store: Store, tree: UnitTree): Promise<Unit[]> {
  const rows = await store.db
    .selectDistinct({ unitId: members.unitId })
    .from(members)
    .innerJoin(duesBases, eq(duesBases.memberId, members.id));
  const out = new Map<string, Unit>();
  for (const r of rows) {
    const u = duesUnitOf(tree, r.unitId);
    if (u) out.set(u.id, u);
  }
  return [...out.values()];
}

type RunKind = 'remind' | 'officers';

/**
 * The monthly 党费 job. For each unit with dues, in its zone: on its reminder day (DUES_REMINDER_TIME)
 * each member who still owes this month gets a direct message with the amount; from a week later
 * (DUES_OFFICER_DELAY_DAYS) the officers get the month's unpaid list and the 书记 the members unpaid
 * three months or more in a row. A reminder not sent by the time of the officers' list is dropped
 * (the list supersedes it). Each (unit, month, kind) runs once: its dues_runs row is written in the
 * same batch as its messages, and the outbox key keeps two racing schedulers to one message each.
 */
export async function runDuesMonth(
  opts: { store: Store; tree: UnitTree; config: Pick<Config, 'PIONEER_DATA_KEY'>; texts: DuesTexts },
  now: Date,
): Promise<{ units: number; messages: number }> {
  const { store, tree, texts } = opts;
  const db = store.db;
  const ring = await createKeyring(opts.config.PIONEER_DATA_KEY);
  if (!ring) return { units: 0, messages: 0 };
  const list = await unitsWithDues(store, tree);
  if (list.length === 0) return { units: 0, messages: 0 };
  const days = await reminderDays(
    db,
    list.map((u) => u.id),
  );
  const due: { unit: Unit; month: Month; kind: RunKind }[] = [];
  for (const unit of list) {
    const month = monthOf(now, unit.timeZone);
    const { remindAt, officersAt } = monthMoments(month, days.get(unit.id)!, unit.timeZone);
    if (now >= officersAt) due.push({ unit, month, kind: 'officers' });
    else if (now >= remindAt) due.push({ unit, month, kind: 'remind' });
  }
  if (due.length === 0) return { units: 0, messages: 0 };
  const done = await db
    .select({ unitId: duesRuns.unitId, month: duesRuns.month, kind: duesRuns.kind })
    .from(duesRuns)
    .where(
      and(
        inArray(
          duesRuns.unitId,
          due.map((d) => d.unit.id),
        ),
        inArray(
          duesRuns.month,
          due.map((d) => d.month),
        ),
      ),
    );
  const skip = new Set(done.map((d) => `${d.unitId}:${d.month}:${d.kind}`));
  let units = 0;
  let messages = 0;
  for (const { unit, month, kind } of due) {
    if (skip.has(`${unit.id}:${month}:${kind}`)) continue;
    const work = new Work(db, now);
    work.write(db.insert(duesRuns).values({ unitId: unit.id, month, kind, at: now.getTime() }).onConflictDoNothing());
    const people = await unitDues(db, ring, tree, unit, addMonths(month, -DUES_LOOKBACK_MONTHS), month);
    const ref = `${unit.id}:${month}`;
    const send = async (memberId: string, kindOf: string, text: string) => {
      if (await enqueueToMember(work, memberId, { kind: kindOf, ref, text, unitId: unit.id })) messages++;
    };
    // Members who have since moved to another unit are that unit's to remind.
    const current = people.filter((d) => duesUnitOf(tree, d.member.unitId)?.id === unit.id);
    if (kind === 'remind') {
      for (const d of current) {
        const facts = reminderFacts(unit.name, d, month);
        if (facts) await send(d.member.id, DUES_REMIND_KIND, texts.reminder(facts));
      }
    } else {
      const officers = current.filter((d) => d.member.role === 'secretary' || d.member.role === 'committee');
      const unpaid = texts.unpaid(monthFacts(unit.name, current, month));
      for (const o of officers) await send(o.member.id, DUES_UNPAID_KIND, unpaid);
      const behind = behindFacts(unit.name, current, month);
      const secretaries = officers.filter((o) => o.member.role === 'secretary');
      if (behind) {
        for (const s of secretaries.length ? secretaries : officers)
          await send(s.member.id, DUES_BEHIND_KIND, texts.behind(behind));
      }
    }
    await store.batch(work.writes);
    units++;
  }
  return { units, messages };
}
