// Attendance figures of one unit's members over a period: a rate per meeting and who is often absent.
import { and, inArray } from 'drizzle-orm';
import { attendance } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import {
  ABSENCE_WARNING_STREAK,
  absenceStreaks,
  peopleOf,
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
/** Ids per IN list when loading attendance rows. */
const CHUNK = 400;

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

/**
 * The closed meetings in [from, now) that concern the members of `unit`'s subtree (its own and its
 * groups', and those of units above whose 应到 covers it), with only those members' rows.
 */
async function historyOf(db: Db, tree: UnitTree, unit: Unit, people: Person[], from: number, now: Date) {
  const subtree = tree.subtree(unit.id).map((u) => u.id);
  const above = unitAndAncestors(tree, unit.id).slice(1);
  const all = await meetingsBetween(db, [...subtree, ...above], new Date(from), now);
  const closed = all.filter(
    (m) =>
      m.status === 'scheduled' &&
      windowOf(m).closesAt < now &&
      (subtree.includes(m.unitId) || meetingCoversUnit(tree, m, unit.id)),
  );
  const rows = new Map<number, Map<string, AttendanceRow>>();
  const ids = closed.map((m) => m.id);
  const who = people.map((p) => p.id);
  for (let i = 0; i < ids.length && who.length; i += CHUNK) {
    for (let j = 0; j < who.length; j += CHUNK) {
      const part = await db
        .select()
        .from(attendance)
        .where(
          and(inArray(attendance.meetingId, ids.slice(i, i + CHUNK)), inArray(attendance.memberId, who.slice(j, j + CHUNK))),
        );
      for (const r of part) {
        const map = rows.get(r.meetingId) ?? new Map<string, AttendanceRow>();
        map.set(r.memberId, r);
        rows.set(r.meetingId, map);
      }
    }
  }
  return { meetings: closed, rows } satisfies History;
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
  return { id, unitId, type, title, startsAt, expected, present, leave, late, rate: expected ? present / expected : null };
}

/** Attendance of `unit`'s members at the meetings since `from`, per meeting and per member. */
export async function unitAttendance(db: Db, tree: UnitTree, unit: Unit, from: number, now: Date): Promise<UnitAttendance> {
  const people = await peopleOf(
    db,
    tree.subtree(unit.id).map((u) => u.id),
  );
  const history = await historyOf(db, tree, unit, people, from, now);
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
    oftenAbsent.push({ id, name, unitId, expected: t.expected, present: t.present, leave: t.leave, absent: t.absent, streak, reasons });
  }
  oftenAbsent.sort((a, b) => b.absent - a.absent || b.streak - a.streak || a.name.localeCompare(b.name, 'zh'));
  return {
    people,
    meetings,
    oftenAbsent,
    expected: meetings.reduce((n, m) => n + m.expected, 0),
    present: meetings.reduce((n, m) => n + m.present, 0),
  };
}
