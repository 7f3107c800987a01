// The figures of one unit's page (a 支部, or a 党小组): everything computed live, at branch scale.
import type { Db } from '../../contracts/store.js';
import { meetingsBetween, type Meeting } from '../meetings/meetings.js';
import { quarterCounts, type QuarterBounds, type TypeCount } from '../meetings/quarter.js';
import type { NeedStatus } from '../pairing/lifecycle.js';
import type { Unit, UnitTree, UnitType } from '../org/units.js';
import { unitAttendance, type MeetingRate, type OftenAbsent } from './attendance.js';
import { duesFigures, type DuesFigures } from './dues.js';
import { unitNotices, type Confirmer, type NoticeRate } from './notices.js';
import { lastMonths, quarterIn } from './period.js';
import { hoursByMonth, needsByState, type MonthHours } from './volunteering.js';

export interface UnitRef {
  id: string;
  name: string;
  type: UnitType;
  /** "泰山区委 / 第1街道党总支 / 第1支部" */
  path: string;
}

export interface QuarterFigures {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  units: { unitId: string; name: string; counts: TypeCount[] }[];
  /** Meetings still owed (required not yet held), over every unit and type. */
  owed: number;
  /** Of those, how many are scheduled. */
  planned: number;
  /**
   * Meetings that should have been held by now and were not: a type required n times is due
   * round(n × the share of the quarter gone by) times (a monthly one from the middle of each
   * month, a quarterly one from the middle of the quarter).
   */
  behind: number;
}

export interface BranchFigures {
  unit: UnitRef;
  timeZone: string;
  generatedAt: number;
  /** Start of the 12 months the figures look back over. */
  since: number;
  quarter: QuarterFigures;
  attendance: { meetings: MeetingRate[]; oftenAbsent: OftenAbsent[]; rate: number | null };
  notices: { notices: NoticeRate[]; slowest: Confirmer[]; rate: number | null };
  hours: MonthHours[];
  needs: Record<NeedStatus, number>;
  dues: DuesFigures | null;
}

export function unitRef(tree: UnitTree, unit: Unit): UnitRef {
  return { id: unit.id, name: unit.name, type: unit.type, path: tree.path(unit.id) };
}

/** This quarter's bounds in `unit`'s zone. */
export function quarterOfUnit(unit: Unit, now: Date): QuarterBounds {
  return quarterIn(now, unit.timeZone);
}

/** This quarter's 三会一课 of `unit` and the units below it (quarter.ts's counts). */
export async function quarterFigures(db: Db, tree: UnitTree, unit: Unit, now: Date): Promise<QuarterFigures> {
  const bounds = quarterOfUnit(unit, now);
  const ids = tree.subtree(unit.id).map((u) => u.id);
  return quarterFrom(tree, unit, await meetingsBetween(db, ids, bounds.start, bounds.end), now);
}

/** The same from meetings already loaded (any units, any period: those of the quarter are picked). */
export function quarterFrom(tree: UnitTree, unit: Unit, meetings: readonly Meeting[], now: Date): QuarterFigures {
  const bounds = quarterOfUnit(unit, now);
  const subtree = tree.subtree(unit.id);
  const start = bounds.start.getTime();
  const end = bounds.end.getTime();
  const inQuarter = meetings.filter((m) => m.startsAt >= start && m.startsAt < end);
  const units = quarterCounts(subtree, inQuarter, now)
    .filter((u) => u.counts.length > 0)
    .map((u) => ({ unitId: u.unit.id, name: u.unit.name, counts: u.counts }));
  const gone = Math.min(1, (now.getTime() - start) / (end - start));
  let owed = 0;
  let planned = 0;
  let behind = 0;
  for (const u of units) {
    for (const c of u.counts) {
      const missing = Math.max(0, c.required - c.held);
      owed += missing;
      planned += Math.min(missing, c.scheduled);
      behind += Math.max(0, Math.ceil(c.required * gone - 0.5) - c.held);
    }
  }
  return { year: bounds.year, quarter: bounds.quarter, units, owed, planned, behind };
}

/** Everything the page of `unit` shows, as of `now`. */
export async function branchFigures(db: Db, tree: UnitTree, unit: Unit, now: Date): Promise<BranchFigures> {
  const months = lastMonths(now, unit.timeZone);
  const from = months[0]!.start;
  const ids = tree.subtree(unit.id).map((u) => u.id);
  const quarter = await quarterFigures(db, tree, unit, now);
  const att = await unitAttendance(db, tree, unit, from, now);
  const notes = await unitNotices(db, ids, att.people, from, now);
  return {
    unit: unitRef(tree, unit),
    timeZone: unit.timeZone,
    generatedAt: now.getTime(),
    since: from,
    quarter,
    attendance: {
      meetings: att.meetings,
      oftenAbsent: att.oftenAbsent,
      rate: att.expected ? att.present / att.expected : null,
    },
    notices: {
      notices: notes.notices,
      slowest: notes.slowest,
      rate: notes.expected ? notes.confirmed / notes.expected : null,
    },
    hours: await hoursByMonth(db, ids, months),
    needs: await needsByState(db, ids),
    dues: await duesFigures(db, ids, now),
  };
}
