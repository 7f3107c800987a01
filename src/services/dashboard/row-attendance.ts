// The attendance figure of a 党委 row: present / expected over the last 12 months, for many
// branches at once. The same count as the branch page's (attendance.ts rateOf, summed), read lean:
// of the attendance rows only who was present, and each meeting's 应到 unit list computed once
// (a 区委's 党课 covers a thousand units; attendance.ts's per-branch filter rebuilt it each time).
import { and, eq } from 'drizzle-orm';
import { attendance } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { attendanceChunks, type Person } from '../meetings/attendance.js';
import { isExpected, scopeUnitIds } from '../meetings/scope.js';
import type { Unit, UnitTree } from '../org/units.js';
import { closedMeetingsOf } from './attendance.js';

export interface AttendanceTotals {
  /** Members of the branch's subtree. */
  people: Person[];
  expected: number;
  present: number;
}

/** Attendance totals since `from` of each of `branches` (their subtrees' members, the meetings concerning them). */
export async function attendanceTotals(
  db: Db,
  tree: UnitTree,
  branches: readonly Unit[],
  from: number,
  now: Date,
): Promise<Map<string, AttendanceTotals>> {
  const { own, people, meetings } = await closedMeetingsOf(db, tree, branches, from, now);
  const present = new Map<number, Set<string>>();
  const add = (part: { meetingId: number; memberId: string }[]) => {
    for (const r of part) {
      let s = present.get(r.meetingId);
      if (!s) present.set(r.meetingId, (s = new Set()));
      s.add(r.memberId);
    }
  };
  const columns = { meetingId: attendance.meetingId, memberId: attendance.memberId };
  const isPresent = eq(attendance.status, 'present');
  for (const where of attendanceChunks(own, people, meetings)) {
    add(await db.select(columns).from(attendance).where(and(where, isPresent)));
  }
  const byUnit = new Map<string, Person[]>();
  for (const p of people) {
    if (!p.unitId) continue;
    const list = byUnit.get(p.unitId);
    if (list) list.push(p);
    else byUnit.set(p.unitId, [p]);
  }
  const scopes = new Map(meetings.map((m) => [m.id, new Set(scopeUnitIds(tree, m))]));
  const out = new Map<string, AttendanceTotals>();
  for (const b of branches) {
    const units = tree.subtree(b.id).map((u) => u.id);
    const inSubtree = new Set(units);
    const mine = units.flatMap((u) => byUnit.get(u) ?? []);
    let expected = 0;
    let attended = 0;
    for (const m of meetings) {
      const scope = scopes.get(m.id)!;
      // attendance.ts historyOf: the subtree's own meetings and those whose 应到 covers the branch.
      if (!inSubtree.has(m.unitId) && !scope.has(b.id)) continue;
      // The meeting's 应到 units within this subtree: the same answer for these members, a short list.
      const here = units.filter((u) => scope.has(u));
      const got = present.get(m.id);
      for (const p of mine) {
        if (!isExpected(tree, m, p, here)) continue;
        expected++;
        if (got?.has(p.id)) attended++;
      }
    }
    out.set(b.id, { people: mine, expected, present: attended });
  }
  return out;
}
