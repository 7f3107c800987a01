import { eq, inArray } from 'drizzle-orm';
import { members } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { fromZoned, quarterOf } from '../../contracts/time.js';
import {
  ABSENCE_LOOKBACK_DAYS,
  absenceWarnings,
  absenceStreaks,
  loadHistory,
  peopleOf,
  personColumns,
  tallies,
  warningsOf,
  type AbsenceWarning,
  type History,
  type Person,
  type Tally,
} from './attendance.js';
import { meetingBriefsBetween, meetingsBetween, type MeetingBrief, type MeetingType } from './meetings.js';
import { zoneOf } from './scope.js';
import { WARNINGS_MEMO_MIN_BRANCHES, type WarningsMemo } from './warnings.js';
import type { Unit, UnitTree, UnitType } from '../org/units.js';

/** Months in a quarter: a monthly meeting is required this many times per quarter. */
export const MONTHS_PER_QUARTER = 3;

/**
 * 三会一课: meetings a unit must hold per quarter. 支部: 党员大会 and 党课 at least once, 支委会 and
 * 主题党日 monthly; 党小组: 党小组会 monthly. Higher units have no fixed count here.
 */
export const REQUIRED_PER_QUARTER: Record<UnitType, Partial<Record<MeetingType, number>>> = {
  branch: { general_assembly: 1, committee_meeting: MONTHS_PER_QUARTER, lecture: 1, theme_day: MONTHS_PER_QUARTER },
  group: { group_meeting: MONTHS_PER_QUARTER },
  general_branch: {},
  committee: {},
};

export interface QuarterBounds {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  start: Date;
  end: Date;
}

/** The quarter `year`Q`quarter` in `tz`. */
export function quarterBounds(year: number, quarter: 1 | 2 | 3 | 4, tz: string): QuarterBounds {
  const start = fromZoned({ year, month: quarter * 3 - 2, day: 1, hour: 0, minute: 0 }, tz);
  const end = fromZoned({ year, month: quarter * 3 + 1, day: 1, hour: 0, minute: 0 }, tz);
  return { year, quarter, start, end };
}

/** The quarter before the one containing `now`. */
export function previousQuarter(now: Date, tz: string): QuarterBounds {
  const q = quarterOf(now, tz);
  return q.quarter === 1 ? quarterBounds(q.year - 1, 4, tz) : quarterBounds(q.year, (q.quarter - 1) as 1 | 2 | 3, tz);
}

export interface TypeCount {
  type: MeetingType;
  held: number;
  scheduled: number;
  required: number;
}

export interface UnitQuarter {
  unit: Unit;
  counts: TypeCount[];
}

export interface QuarterReport {
  bounds: QuarterBounds;
  units: UnitQuarter[];
  people: Person[];
  tallies: Map<string, Tally>;
  streaks: Map<string, number>;
  warnings: AbsenceWarning[];
}

/**
 * What `unit` must hold per quarter. A 党小组 nobody belongs to yet (not in `staffed`, when given)
 * owes nothing: a group is created before its members are assigned, and a digest nagging about
 * 党小组会 nobody could attend is noise.
 */
function requiredOf(unit: Unit, staffed: ReadonlySet<string> | undefined): Partial<Record<MeetingType, number>> {
  if (unit.type === 'group' && staffed && !staffed.has(unit.id)) return {};
  return REQUIRED_PER_QUARTER[unit.type];
}

/**
 * Per unit: meetings of a quarter (`meetings`, any order) held (started, not cancelled) and still
 * scheduled, by type, against the required counts. `staffed`: the units that have members (see
 * requiredOf). Also what the dashboard's 党委 page counts.
 */
export function quarterCounts(
  units: readonly Unit[],
  meetings: readonly MeetingBrief[],
  now: Date,
  staffed?: ReadonlySet<string>,
): UnitQuarter[] {
  const byUnit = new Map<string, MeetingBrief[]>();
  for (const m of meetings) {
    if (m.status !== 'scheduled') continue;
    const list = byUnit.get(m.unitId);
    if (list) list.push(m);
    else byUnit.set(m.unitId, [m]);
  }
  return units.map((unit) => {
    const required = requiredOf(unit, staffed);
    const mine = byUnit.get(unit.id) ?? [];
    const types = new Set<MeetingType>([...(Object.keys(required) as MeetingType[]), ...mine.map((m) => m.type)]);
    const counts = [...types].map((type) => ({
      type,
      held: mine.filter((m) => m.type === type && m.startsAt <= now.getTime()).length,
      scheduled: mine.filter((m) => m.type === type && m.startsAt > now.getTime()).length,
      required: required[type] ?? 0,
    }));
    return { unit, counts };
  });
}

/**
 * Per unit of `root`'s subtree: meetings held (started, not cancelled) and still scheduled this
 * quarter against the required counts; per member: attendance counts and absence streaks.
 */
export async function quarterReport(
  db: Db,
  tree: UnitTree,
  root: Unit,
  bounds: QuarterBounds,
  now: Date,
): Promise<QuarterReport> {
  const subtree = tree.subtree(root.id);
  const held = await meetingsBetween(
    db,
    subtree.map((u) => u.id),
    bounds.start,
    bounds.end,
  );
  const people = await peopleOf(
    db,
    subtree.map((u) => u.id),
  );
  const units = quarterCounts(subtree, held, now, new Set(people.flatMap((p) => (p.unitId ? [p.unitId] : []))));
  const lookback = now.getTime() - ABSENCE_LOOKBACK_DAYS * 86_400_000;
  const history = await loadHistory(
    db,
    tree,
    people,
    new Date(Math.min(bounds.start.getTime(), lookback)),
    new Date(Math.max(bounds.end.getTime(), now.getTime() + 1)),
    now,
  );
  const within = (from: number, to: number): History => ({
    ...history,
    meetings: history.meetings.filter((m) => m.startsAt >= from && m.startsAt < to),
  });
  const streaks = absenceStreaks(tree, people, within(lookback, now.getTime() + 1));
  const warnings = warningsOf(people, streaks);
  return {
    bounds,
    units,
    people,
    tallies: tallies(tree, people, within(bounds.start.getTime(), bounds.end.getTime())),
    streaks,
    warnings,
  };
}

/** What 本季度 shows: the per-unit counts and the absence warnings, without the members' tallies. */
export interface QuarterSummary extends Pick<QuarterReport, 'bounds' | 'units' | 'warnings'> {
  /** The quarter's meetings of the subtree (any status), as read for the counts. */
  meetings: MeetingBrief[];
  /** When the warnings were computed, when that was before now (kept by a WarningsMemo). */
  warningsAsOf: number | null;
}

/** The 党小组 among `units` that have members (requiredOf asks only of 党小组). */
async function staffedGroups(db: Db, units: readonly Unit[]): Promise<Set<string>> {
  const ids = units.filter((u) => u.type === 'group').map((u) => u.id);
  if (ids.length === 0) return new Set();
  const rows = await db.selectDistinct({ unitId: members.unitId }).from(members).where(inArray(members.unitId, ids));
  return new Set(rows.flatMap((r) => (r.unitId ? [r.unitId] : [])));
}

/**
 * 本季度's figures of `root`'s subtree. A unit with WARNINGS_MEMO_MIN_BRANCHES branches or more
 * reads its absence warnings through `memo` (kept per branch for minutes: a 区委's would read a
 * year of attendance of the whole district otherwise); a smaller one computes them now.
 */
export async function quarterSummary(
  db: Db,
  tree: UnitTree,
  root: Unit,
  bounds: QuarterBounds,
  now: Date,
  memo?: WarningsMemo,
): Promise<QuarterSummary> {
  const subtree = tree.subtree(root.id);
  const ids = subtree.map((u) => u.id);
  const meetings = await meetingBriefsBetween(db, ids, bounds.start, bounds.end);
  const branches = subtree.filter((u) => u.type === 'branch').length;
  if (memo && branches >= WARNINGS_MEMO_MIN_BRANCHES) {
    const [staffed, kept] = [await staffedGroups(db, subtree), await memo.warnings(db, tree, root, now)];
    const units = quarterCounts(subtree, meetings, now, staffed);
    const asOf = kept.asOf < now.getTime() ? kept.asOf : null;
    return { bounds, units, meetings, warnings: kept.warnings, warningsAsOf: asOf };
  }
  const people = await peopleOf(db, ids);
  const units = quarterCounts(subtree, meetings, now, new Set(people.flatMap((p) => (p.unitId ? [p.unitId] : []))));
  const warnings = await absenceWarnings(db, tree, people, now);
  return { bounds, units, meetings, warnings, warningsAsOf: null };
}

/**
 * The per-unit counts of quarterReport without the members' attendance: what the weekly digest
 * needs (a 区委's digest then reads the quarter's meetings, not a year of attendance rows).
 */
export async function quarterUnits(
  db: Db,
  tree: UnitTree,
  root: Unit,
  bounds: QuarterBounds,
  now: Date,
): Promise<Pick<QuarterReport, 'bounds' | 'units'>> {
  const subtree = tree.subtree(root.id);
  const held = await meetingBriefsBetween(
    db,
    subtree.map((u) => u.id),
    bounds.start,
    bounds.end,
  );
  return { bounds, units: quarterCounts(subtree, held, now, await staffedGroups(db, subtree)) };
}

/** One member's attendance this quarter (for 我的). */
export async function memberQuarter(
  db: Db,
  tree: UnitTree,
  memberId: string,
  now: Date,
): Promise<{ bounds: QuarterBounds; tally: Tally }> {
  const [person] = await db.select(personColumns).from(members).where(eq(members.id, memberId)).limit(1);
  const tz = zoneOf(tree, person?.unitId);
  const q = quarterOf(now, tz);
  const bounds = quarterBounds(q.year, q.quarter, tz);
  const empty: Tally = { expected: 0, present: 0, late: 0, leave: 0, absent: 0, proxy: 0, makeup: 0 };
  if (!person) return { bounds, tally: empty };
  const history = await loadHistory(db, tree, [person], bounds.start, bounds.end, now);
  return { bounds, tally: tallies(tree, [person], history).get(person.id) ?? empty };
}
