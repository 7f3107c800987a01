// Attendance figures of one unit's members over a period: a rate per meeting and who is often absent.
import { attendance } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import {
  ABSENCE_WARNING_STREAK,
  absenceStreaks,
  attendanceChunks,
  membersOfUnits,
  tallies,
  type History,
  type Person,
} from '../meetings/attendance.js';
import { meetingsBetween, windowOf, type Meeting } from '../meetings/meetings.js';
import { isExpected, meetingCoversUnit, scopeUnitIds, unitAndAncestors } from '../meetings/scope.js';
import type { AttendanceRow, MeetingType } from '../meetings/types.js';
import type { Unit, UnitTree } from '../org/units.js';

/** Unexcused absences within the period that put a member on the "often absent" list. */
export const OFTEN_ABSENT_MIN = 2;

export interface MeetingRate {
  id: number;
  unitId: string;
  type: MeetingType;
  title: string;
  startsAt: number;
  expected: number;
  present: number;
  leave: number;
  late: number;
  /** present / expected, null when nobody was expected. */
  rate: number | null;
}

export interface Reason {
  meetingId: number;
  at: number;
  status: 'leave' | 'absent';
  reason: string;
}

export interface OftenAbsent {
  id: string;
  name: string;
  unitId: string | null;
  expected: number;
  present: number;
  leave: number;
  absent: number;
  /** Unexcused absences in a row up to now. */
  streak: number;
  /** Leave and absence reasons given, newest first. */
  reasons: Reason[];
}

export interface UnitAttendance {
  people: Person[];
  meetings: MeetingRate[];
  oftenAbsent: OftenAbsent[];
  expected: number;
  present: number;
}

/** Sorts names as Chinese readers expect; one collator (localeCompare builds one per call). */
export const byName = new Intl.Collator('zh').compare;

/** Meetings, members and rows loaded once for several units (see loadAttendance). */
export interface AttendanceData {
  people: Person[];
  /** Closed, not cancelled meetings of the units, their groups and the units above them. */
  meetings: Meeting[];
  rows: Map<number, Map<string, AttendanceRow>>;
}

/** The members of `units`' subtrees (`own`: those units) and the closed meetings in [from, now) that concern them. */
export async function closedMeetingsOf(
  db: Db,
  tree: UnitTree,
  units: readonly Unit[],
  from: number,
  now: Date,
): Promise<{ own: Set<string>; people: Person[]; meetings: Meeting[] }> {
  const own = new Set(units.flatMap((u) => tree.subtree(u.id).map((x) => x.id)));
  const above = new Set(units.flatMap((u) => unitAndAncestors(tree, u.id).slice(1)).filter((id) => !own.has(id)));
  const people = await membersOfUnits(db, [...own]);
  const all = await meetingsBetween(db, [...own, ...above], new Date(from), now);
  const meetings = all.filter(
    (m) =>
      m.status === 'scheduled' &&
      windowOf(m).closesAt < now &&
      (own.has(m.unitId) || units.some((u) => meetingCoversUnit(tree, m, u.id))),
  );
  return { own, people, meetings };
}

/**
 * The closed meetings in [from, now) that may concern the members of `units`' subtrees (their own
 * and their groups', and those of units above), the members, and their attendance rows: all the
 * rows of the units' own meetings, and only these members' rows of the meetings above (a 区委's
 * 党课 has the whole district's).
 */
export async function loadAttendance(
  db: Db,
  tree: UnitTree,
  units: readonly Unit[],
  from: number,
  now: Date,
): Promise<AttendanceData> {
  const { own, people, meetings } = await closedMeetingsOf(db, tree, units, from, now);
  const rows = new Map<number, Map<string, AttendanceRow>>();
  const add = (part: AttendanceRow[]) => {
    for (const r of part) {
      const map = rows.get(r.meetingId) ?? new Map<string, AttendanceRow>();
      map.set(r.memberId, r);
      rows.set(r.meetingId, map);
    }
  };
  for (const where of attendanceChunks(own, people, meetings)) add(await db.select().from(attendance).where(where));
  return { people, meetings, rows };
}

/** The part of `data` about `unit`: its subtree's members and the meetings that concern them. */
function historyOf(tree: UnitTree, unit: Unit, data: AttendanceData): { people: Person[]; history: History } {
  const subtree = new Set(tree.subtree(unit.id).map((u) => u.id));
  const people = data.people.filter((p) => p.unitId && subtree.has(p.unitId));
  const meetings = data.meetings.filter((m) => subtree.has(m.unitId) || meetingCoversUnit(tree, m, unit.id));
  return { people, history: { meetings, rows: data.rows } };
}

function rateOf(tree: UnitTree, people: Person[], history: History, m: Meeting): MeetingRate {
  const scope = scopeUnitIds(tree, m);
  const rows = history.rows.get(m.id);
  let expected = 0;
  let present = 0;
  let leave = 0;
  let late = 0;
  for (const p of people) {
    if (!isExpected(tree, m, p, scope)) continue;
    expected++;
    const row = rows?.get(p.id);
    if (row?.status === 'present') {
      present++;
      if (row.late) late++;
    } else if (row?.status === 'leave') leave++;
  }
  const { id, unitId, type, title, startsAt } = m;
  return {
    id,
    unitId,
    type,
    title,
    startsAt,
    expected,
    present,
    leave,
    late,
    rate: expected ? present / expected : null,
  };
}

/** Attendance of `unit`'s members at the meetings since `from`, per meeting and per member. */
export async function unitAttendance(
  db: Db,
  tree: UnitTree,
  unit: Unit,
  from: number,
  now: Date,
): Promise<UnitAttendance> {
  return attendanceOf(tree, unit, await loadAttendance(db, tree, [unit], from, now));
}

/** One unit's attendance figures from data loaded for it (and maybe others). */
export function attendanceOf(tree: UnitTree, unit: Unit, data: AttendanceData): UnitAttendance {
  const { people, history } = historyOf(tree, unit, data);
  const meetings = history.meetings.map((m) => rateOf(tree, people, history, m));
  const counts = tallies(tree, people, history);
  const streaks = absenceStreaks(tree, people, history);
  const oftenAbsent: OftenAbsent[] = [];
  for (const p of people) {
    const t = counts.get(p.id)!;
    const streak = streaks.get(p.id) ?? 0;
    if (t.absent < OFTEN_ABSENT_MIN && streak < ABSENCE_WARNING_STREAK) continue;
    const reasons: Reason[] = [];
    for (const m of history.meetings) {
      const row = history.rows.get(m.id)?.get(p.id);
      if (row && row.status !== 'present' && row.reason) {
        reasons.push({ meetingId: m.id, at: m.startsAt, status: row.status, reason: row.reason });
      }
    }
    reasons.sort((a, b) => b.at - a.at);
    const { id, name, unitId } = p;
    oftenAbsent.push({
      id,
      name,
      unitId,
      expected: t.expected,
      present: t.present,
      leave: t.leave,
      absent: t.absent,
      streak,
      reasons,
    });
  }
  oftenAbsent.sort((a, b) => b.absent - a.absent || b.streak - a.streak || byName(a.name, b.name));
  return {
    people,
    meetings,
    oftenAbsent,
    expected: meetings.reduce((n, m) => n + m.expected, 0),
    present: meetings.reduce((n, m) => n + m.present, 0),
  };
}
