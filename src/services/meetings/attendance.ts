import { and, eq, inArray, type SQL } from 'drizzle-orm';
import { attendance, makeupRequests, members } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { MemberRole, PartyStatus } from '../../contracts/roles.js';
import type { AttendanceRow, MakeupRequest } from './types.js';
import { isExpected, scopeUnitIds, unitAndAncestors } from './scope.js';
import { hasEnded, meetingsBetween, phaseOf, type Meeting, type MeetingPhase } from './meetings.js';
import type { UnitTree } from '../org/units.js';

/** Unexcused absences in a row that earn a warning. */
export const ABSENCE_WARNING_STREAK = 3;
/** How far back absence streaks look, in days. */
export const ABSENCE_LOOKBACK_DAYS = 366;
/** Meeting types that count for absence streaks (voluntary activities do not). */
export const STREAK_TYPES: ReadonlySet<Meeting['type']> = new Set([
  'general_assembly',
  'committee_meeting',
  'group_meeting',
  'lecture',
  'theme_day',
]);

export interface Person {
  id: string;
  name: string;
  unitId: string | null;
  role: MemberRole;
  partyStatus: PartyStatus | null;
  /** A 副书记 (the record book's 职务 column says so). */
  deputy?: boolean;
  createdAt: number;
}

/** The member columns a Person is read from. */
export const personColumns = {
  id: members.id,
  name: members.name,
  unitId: members.unitId,
  role: members.role,
  partyStatus: members.partyStatus,
  deputy: members.deputy,
  createdAt: members.createdAt,
};

/** Chinese name order; one collator, as localeCompare builds one per call (50,000 members of a 区委). */
const ZH = new Intl.Collator('zh');

/** Members of the given units. */
export async function peopleOf(db: Db, unitIds: readonly string[]): Promise<Person[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .select(personColumns)
    .from(members)
    .where(inArray(members.unitId, [...unitIds]));
  return rows.sort((a, b) => ZH.compare(a.name, b.name) || a.id.localeCompare(b.id));
}

/** Ids per IN list when loading members or attendance rows of many units or meetings. */
export const ID_CHUNK = 400;

/** Members of the units, unsorted (sorting thousands by a collator costs more than reading them). */
export async function membersOfUnits(db: Db, unitIds: readonly string[]): Promise<Person[]> {
  const out: Person[] = [];
  for (let i = 0; i < unitIds.length; i += ID_CHUNK) {
    out.push(
      ...(await db
        .select(personColumns)
        .from(members)
        .where(inArray(members.unitId, unitIds.slice(i, i + ID_CHUNK)))),
    );
  }
  return out;
}

/**
 * Conditions on attendance rows, in chunks of ID_CHUNK ids, for `meetings`: every row of the units'
 * own meetings (`own`: unit ids), and only `people`'s rows of the meetings above (a 区委's 党课 has
 * the whole district's).
 */
export function attendanceChunks(own: Set<string>, people: readonly Person[], meetings: readonly Meeting[]): SQL[] {
  const out: SQL[] = [];
  const mine = meetings.filter((m) => own.has(m.unitId)).map((m) => m.id);
  for (let i = 0; i < mine.length; i += ID_CHUNK) out.push(inArray(attendance.meetingId, mine.slice(i, i + ID_CHUNK)));
  const wide = meetings.filter((m) => !own.has(m.unitId)).map((m) => m.id);
  const who = people.map((p) => p.id);
  for (let i = 0; i < wide.length && who.length; i += ID_CHUNK) {
    for (let j = 0; j < who.length; j += ID_CHUNK) {
      out.push(
        and(
          inArray(attendance.meetingId, wide.slice(i, i + ID_CHUNK)),
          inArray(attendance.memberId, who.slice(j, j + ID_CHUNK)),
        )!,
      );
    }
  }
  return out;
}

export type Attended = Person & { row: AttendanceRow };

/** 考勤 of one meeting, as in the record book. */
export interface MeetingRoll {
  meeting: Meeting;
  /** When the roll was taken. */
  at: Date;
  phase: MeetingPhase;
  /** The meeting is over (src/services/meetings/meetings.ts hasEnded): only then is anyone 缺席. */
  ended: boolean;
  expected: Person[];
  formal: number;
  probationary: number;
  /** Expected members present (self, proxy or approved makeup). */
  present: Attended[];
  late: Attended[];
  leave: Attended[];
  /** Expected members neither present nor on leave, once the meeting has ended (else empty). */
  absent: (Person & { reason: string | null })[];
  /** Before the end: expected members not (yet) checked in and not on leave (after it, empty). */
  notYet: (Person & { reason: string | null })[];
  proxy: Attended[];
  makeup: Attended[];
  /** Present but not counted in 应到. */
  guests: Attended[];
  requests: (MakeupRequest & { name: string })[];
  /**
   * 党员大会 only: 正式党员 present so far, and whether more than half are (null until the
   * meeting has ended: no verdict while people may still come).
   */
  quorum: { formalPresent: number; formalExpected: number; ok: boolean | null } | null;
}

/** Builds the 考勤 of one meeting from the roster and its attendance rows. */
export async function meetingRoll(db: Db, tree: UnitTree, m: Meeting, now: Date): Promise<MeetingRoll> {
  const scope = scopeUnitIds(tree, m);
  const [roster, rows, reqs] = await Promise.all([
    peopleOf(db, scope),
    db
      .select({ row: attendance, p: personColumns })
      .from(attendance)
      .innerJoin(members, eq(members.id, attendance.memberId))
      .where(eq(attendance.meetingId, m.id)),
    db
      .select({ r: makeupRequests, name: members.name })
      .from(makeupRequests)
      .innerJoin(members, eq(members.id, makeupRequests.memberId))
      .where(eq(makeupRequests.meetingId, m.id)),
  ]);
  const expected = roster.filter((p) => isExpected(tree, m, p, scope));
  const expectedIds = new Set(expected.map((p) => p.id));
  const byId = new Map(rows.map((r) => [r.p.id, { ...r.p, row: r.row }]));
  const attended = [...byId.values()].sort((a, b) => a.row.at - b.row.at || a.name.localeCompare(b.name, 'zh'));
  const present = attended.filter((a) => a.row.status === 'present' && expectedIds.has(a.id));
  const formalExpected = expected.filter((p) => p.partyStatus === 'formal').length;
  const formalPresent = present.filter((p) => p.partyStatus === 'formal').length;
  const ended = hasEnded(m, now);
  const missing = expected
    .filter((p) => !['present', 'leave'].includes(byId.get(p.id)?.row.status ?? ''))
    .map((p) => ({ ...p, reason: byId.get(p.id)?.row.reason ?? null }));
  return {
    meeting: m,
    at: now,
    phase: phaseOf(m, now),
    ended,
    expected,
    formal: formalExpected,
    probationary: expected.filter((p) => p.partyStatus === 'probationary').length,
    present,
    late: present.filter((a) => a.row.late),
    leave: attended.filter((a) => a.row.status === 'leave' && expectedIds.has(a.id)),
    absent: ended ? missing : [],
    notYet: ended ? [] : missing,
    proxy: present.filter((a) => a.row.method === 'proxy'),
    makeup: present.filter((a) => a.row.method === 'makeup'),
    guests: attended.filter((a) => a.row.status === 'present' && !expectedIds.has(a.id)),
    requests: reqs.map((r) => ({ ...r.r, name: r.name })).sort((a, b) => a.id - b.id),
    quorum:
      m.type === 'general_assembly'
        ? { formalPresent, formalExpected, ok: ended ? formalPresent * 2 > formalExpected : null }
        : null,
  };
}

/** Ended, not cancelled meetings that may concern `people`, with all their attendance rows. */
export interface History {
  meetings: Meeting[];
  rows: Map<number, Map<string, AttendanceRow>>;
}

/** Loads the meetings (of the people's units and their ancestors) in [from, to) that have ended. */
export async function loadHistory(
  db: Db,
  tree: UnitTree,
  people: readonly Person[],
  from: Date,
  to: Date,
  now: Date,
): Promise<History> {
  const unitIds = new Set<string>();
  for (const p of people) if (p.unitId) for (const u of unitAndAncestors(tree, p.unitId)) unitIds.add(u);
  const all = await meetingsBetween(db, [...unitIds], from, to);
  const closed = all.filter((m) => m.status === 'scheduled' && hasEnded(m, now));
  const rows = new Map<number, Map<string, AttendanceRow>>();
  const ids = closed.map((m) => m.id);
  for (let i = 0; i < ids.length; i += 500) {
    const part = await db
      .select()
      .from(attendance)
      .where(inArray(attendance.meetingId, ids.slice(i, i + 500)));
    for (const r of part) {
      const map = rows.get(r.meetingId) ?? new Map<string, AttendanceRow>();
      map.set(r.memberId, r);
      rows.set(r.meetingId, map);
    }
  }
  return { meetings: closed, rows };
}

/** One member's counts over a period. */
export interface Tally {
  expected: number;
  present: number;
  late: number;
  leave: number;
  absent: number;
  proxy: number;
  makeup: number;
}

/** `people` by unit, so that a meeting looks only at the members of the units it concerns. */
function byUnitOf(people: readonly Person[]): Map<string, Person[]> {
  const out = new Map<string, Person[]>();
  for (const p of people) {
    if (!p.unitId) continue;
    const list = out.get(p.unitId);
    if (list) list.push(p);
    else out.set(p.unitId, [p]);
  }
  return out;
}

/**
 * The members of `byUnit` expected at `m` (src/services/meetings/scope.ts isExpected), found
 * through the meeting's scope units: the cost is the meeting's 应到, not every person of a district
 * for every meeting of it (issue 24: 5×10⁸ checks for a 区委's 本季度).
 */
function expectedAt(tree: UnitTree, byUnit: ReadonlyMap<string, Person[]>, m: Meeting): Person[] {
  const out: Person[] = [];
  for (const unitId of new Set(scopeUnitIds(tree, m))) {
    const scope = [unitId];
    for (const p of byUnit.get(unitId) ?? []) if (isExpected(tree, m, p, scope)) out.push(p);
  }
  return out;
}

/** Per-member counts of the meetings in `history` where each was expected. */
export function tallies(tree: UnitTree, people: readonly Person[], history: History): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const p of people) out.set(p.id, { expected: 0, present: 0, late: 0, leave: 0, absent: 0, proxy: 0, makeup: 0 });
  const byUnit = byUnitOf(people);
  for (const m of history.meetings) {
    const rows = history.rows.get(m.id);
    for (const p of expectedAt(tree, byUnit, m)) {
      const t = out.get(p.id)!;
      const row = rows?.get(p.id);
      t.expected++;
      if (row?.status === 'present') {
        t.present++;
        if (row.late) t.late++;
        if (row.method === 'proxy') t.proxy++;
        if (row.method === 'makeup') t.makeup++;
      } else if (row?.status === 'leave') t.leave++;
      else t.absent++;
    }
  }
  return out;
}

/**
 * Trailing 无故缺席 in a row per member: an absence without leave or a recorded reason. 请假 and an
 * absence an officer recorded a reason for (会议设置 … 缺席原因) break a streak as presence does.
 */
export function absenceStreaks(tree: UnitTree, people: readonly Person[], history: History): Map<string, number> {
  const out = new Map<string, number>();
  const done = new Set<string>();
  const byUnit = byUnitOf(people);
  const newestFirst = history.meetings.filter((m) => STREAK_TYPES.has(m.type)).sort((a, b) => b.startsAt - a.startsAt);
  for (const m of newestFirst) {
    const rows = history.rows.get(m.id);
    for (const p of expectedAt(tree, byUnit, m)) {
      if (done.has(p.id)) continue;
      const row = rows?.get(p.id);
      if (row && (row.status !== 'absent' || row.reason)) done.add(p.id);
      else out.set(p.id, (out.get(p.id) ?? 0) + 1);
    }
  }
  return out;
}

export interface AbsenceWarning {
  person: Person;
  streak: number;
}

/** Longest streak first, then by name. */
export const byStreak = (a: AbsenceWarning, b: AbsenceWarning): number =>
  b.streak - a.streak || ZH.compare(a.person.name, b.person.name);

/** Members whose streak reaches ABSENCE_WARNING_STREAK, longest first. */
export function warningsOf(people: readonly Person[], streaks: Map<string, number>): AbsenceWarning[] {
  return people
    .map((person) => ({ person, streak: streaks.get(person.id) ?? 0 }))
    .filter((w) => w.streak >= ABSENCE_WARNING_STREAK)
    .sort(byStreak);
}

/** Members of `people` with at least ABSENCE_WARNING_STREAK unexcused absences in a row. */
export async function absenceWarnings(
  db: Db,
  tree: UnitTree,
  people: readonly Person[],
  now: Date,
): Promise<AbsenceWarning[]> {
  const history = await loadHistory(
    db,
    tree,
    people,
    new Date(now.getTime() - ABSENCE_LOOKBACK_DAYS * 86_400_000),
    now,
    now,
  );
  return warningsOf(people, absenceStreaks(tree, people, history));
}
