// 连续缺席预警 of a large 党委 (issue 24: a 区委's 本季度 read a year of attendance of 50,000
// members per request, 1–2 s). The warnings are computed branch by branch, at branch scale (each
// branch's members, the meetings concerning them, and of the meetings above only these members'
// rows), and kept per branch for WARNINGS_FRESH_MS. A request uses the kept ones, computes the
// missing ones in steps that let other requests through, and leaves the stale ones to a pass after
// its answer; the answer says when the oldest figure it used was computed.
import { and, isNotNull, ne, or } from 'drizzle-orm';
import { attendance } from '../../db/schema.js';
import { yieldToLoop } from '../../contracts/slices.js';
import type { Db } from '../../contracts/store.js';
import {
  ABSENCE_LOOKBACK_DAYS,
  absenceStreaks,
  attendanceChunks,
  byStreak,
  membersOfUnits,
  STREAK_TYPES,
  warningsOf,
  type AbsenceWarning,
  type History,
} from './attendance.js';
import { hasEnded, meetingsBetween } from './meetings.js';
import { scopeUnitIds, unitAndAncestors } from './scope.js';
import type { AttendanceRow } from './types.js';
import type { Unit, UnitTree } from '../org/units.js';

/** A unit with at least this many branches below it reads its warnings through a WarningsMemo. */
export const WARNINGS_MEMO_MIN_BRANCHES = 10;
/** Kept warnings younger than this are used as they are; older ones are recomputed after the answer. */
export const WARNINGS_FRESH_MS = 5 * 60_000;
/** Branches computed together (their queries bind the ids of all of them). */
const STEP_BRANCHES = 20;
const DAY = 86_400_000;

/**
 * Absence warnings of the members of each group of units (a group: a branch's subtree, or one unit
 * above the branches), computed together. `ownRows`: the groups' own meetings are read whole (a
 * branch's); otherwise only the groups' members' rows are read (a 区委's 党课 has the whole
 * district's). Only rows that break a streak are read: 出席, 请假, or an absence with a reason.
 */
export async function groupWarnings(
  db: Db,
  tree: UnitTree,
  groups: readonly (readonly string[])[],
  now: Date,
  ownRows: boolean,
): Promise<AbsenceWarning[][]> {
  const groupOf = new Map<string, number>();
  groups.forEach((g, i) => g.forEach((id) => groupOf.set(id, i)));
  const own = new Set(groupOf.keys());
  if (own.size === 0) return groups.map(() => []);
  const above = new Set([...own].flatMap((id) => unitAndAncestors(tree, id).slice(1)).filter((id) => !own.has(id)));
  const people = await membersOfUnits(db, [...own]);
  const from = new Date(now.getTime() - ABSENCE_LOOKBACK_DAYS * DAY);
  const all = await meetingsBetween(db, [...own, ...above], from, new Date(now.getTime() + 1));
  const meetings = all.filter(
    (m) =>
      m.status === 'scheduled' &&
      STREAK_TYPES.has(m.type) &&
      hasEnded(m, now) &&
      (own.has(m.unitId) || scopeUnitIds(tree, m).some((id) => own.has(id))),
  );
  const rows: History['rows'] = new Map();
  const breaks = or(ne(attendance.status, 'absent'), isNotNull(attendance.reason));
  const columns = {
    meetingId: attendance.meetingId,
    memberId: attendance.memberId,
    status: attendance.status,
    reason: attendance.reason,
  };
  for (const where of attendanceChunks(ownRows ? own : new Set(), people, meetings)) {
    for (const r of await db.select(columns).from(attendance).where(and(where, breaks))) {
      let map = rows.get(r.meetingId);
      if (!map) rows.set(r.meetingId, (map = new Map()));
      // absenceStreaks reads only status and reason.
      map.set(r.memberId, r as AttendanceRow);
    }
  }
  const streaks = absenceStreaks(tree, people, { meetings, rows });
  const byGroup = groups.map((): typeof people => []);
  for (const p of people) if (p.unitId) byGroup[groupOf.get(p.unitId)!]!.push(p);
  return byGroup.map((list) => warningsOf(list, streaks));
}

interface Kept {
  at: number;
  warnings: AbsenceWarning[];
}

export interface KeptWarnings {
  warnings: AbsenceWarning[];
  /** When the oldest of the figures used was computed (epoch ms). */
  asOf: number;
}

/**
 * Absence warnings of large units' members, kept per branch (see the file's head). One per
 * process: a request's `db` computes what it is missing; `background` recomputes the stale ones.
 */
export class WarningsMemo {
  private readonly kept = new Map<string, Kept>();
  private readonly queue = new Map<string, Unit>();
  private running: Promise<void> | null = null;
  private tree: UnitTree | null = null;

  constructor(
    private readonly background: { db: Db; now: () => Date; onError: (err: unknown) => void },
    private readonly freshMs = WARNINGS_FRESH_MS,
  ) {}

  /** The warnings of `root`'s subtree as of `now`, or as of the time the answer gives. */
  async warnings(db: Db, tree: UnitTree, root: Unit, now: Date): Promise<KeptWarnings> {
    const subtree = tree.subtree(root.id);
    const branches = subtree.filter((u) => u.type === 'branch');
    const inBranch = new Set(branches.flatMap((b) => tree.subtree(b.id).map((u) => u.id)));
    const t = now.getTime();
    const missing = branches.filter((b) => !this.kept.has(b.id));
    for (let i = 0; i < missing.length; i += STEP_BRANCHES) {
      if (i > 0) await yieldToLoop();
      await this.compute(db, tree, missing.slice(i, i + STEP_BRANCHES), now);
    }
    const stale = branches.filter((b) => this.kept.get(b.id)!.at <= t - this.freshMs);
    if (stale.length) this.refresh(tree, stale);
    // Members of the units above the branches (a 总支's own, the 区委's): few, computed each time.
    const loose = subtree.filter((u) => !inBranch.has(u.id)).map((u) => [u.id]);
    const above = await groupWarnings(db, tree, loose, now, false);
    const lists = [...branches.map((b) => this.kept.get(b.id)!.warnings), ...above];
    const asOf = Math.min(t, ...branches.map((b) => this.kept.get(b.id)!.at));
    return { warnings: lists.flat().sort(byStreak), asOf };
  }

  private async compute(db: Db, tree: UnitTree, branches: readonly Unit[], now: Date): Promise<void> {
    const groups = branches.map((b) => tree.subtree(b.id).map((u) => u.id));
    const lists = await groupWarnings(db, tree, groups, now, true);
    branches.forEach((b, i) => this.kept.set(b.id, { at: now.getTime(), warnings: lists[i]! }));
  }

  /** Queues branches to recompute after the answer; the pass running takes them. */
  refresh(tree: UnitTree, branches: readonly Unit[]): Promise<void> {
    this.tree = tree;
    for (const b of branches) this.queue.set(b.id, b);
    this.running ??= this.drain();
    return this.running;
  }

  /** The pass in progress, if any (tests and Workers' waitUntil wait for it). */
  get pass(): Promise<void> | null {
    return this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.size) {
        await yieldToLoop();
        const step = [...this.queue.values()].slice(0, STEP_BRANCHES);
        for (const b of step) this.queue.delete(b.id);
        await this.compute(this.background.db, this.tree!, step, this.background.now());
      }
    } catch (err) {
      // The kept figures stay as they were and are queued again by the next request.
      this.queue.clear();
      this.background.onError(err);
    } finally {
      this.running = null;
    }
  }
}
