// The 党委 page: one row per branch below a unit. A row is computed at branch scale (branch.ts's
// pieces) and kept in dashboard_rows; a request recomputes the missing and stale rows it has time
// for (ROW_REFRESH_BUDGET_MS) and shows the others as last computed, so the page answers quickly
// at district scale (bench/dashboard.ts) and fills in over a few requests after a cold start.
import { inArray, sql } from 'drizzle-orm';
import { dashboardRows } from '../../db/schema.js';
import type { Db, Write } from '../../contracts/store.js';
import type { Unit, UnitTree } from '../org/units.js';
import { unitAttendance } from './attendance.js';
import { quarterFigures, unitRef, type UnitRef } from './branch.js';
import { duesFigures } from './dues.js';
import { unitNotices } from './notices.js';
import { lastMonths } from './period.js';
import { needsByState } from './volunteering.js';

/** A row younger than this is shown as it is; an older one is recomputed when there is time. */
export const ROW_FRESH_MS = 5 * 60_000;
/** Time one request may spend recomputing rows, in milliseconds. */
export const ROW_REFRESH_BUDGET_MS = 40;
/** Notices of the last this many days count for "unconfirmed". */
export const ROW_NOTICE_DAYS = 30;
/** Bumped when the figures' meaning changes: rows of another version are recomputed. */
const ROW_VERSION = 2;
const DAY = 86_400_000;

export interface RowFigures {
  /** 三会一课 this quarter still owed (required, not yet held). */
  owed: number;
  planned: number;
  /** Of those, how many are behind the quarter's pace (QuarterFigures.behind). */
  behind: number;
  /** Attendance over the last 12 months, null without closed meetings. */
  attendanceRate: number | null;
  /** Confirmations still missing of the notices of the last ROW_NOTICE_DAYS days. */
  unconfirmed: number;
  /** Needs waiting for a volunteer (待派单). */
  openNeeds: number;
  /** Members who have not paid this month's dues; null until the dues ledger exists. */
  duesUnpaid: number | null;
}

export interface BranchRow {
  unitId: string;
  name: string;
  /** The unit right above the branch (a 总支), when it is not the page's own unit. */
  parentName: string | null;
  /** Null for a row not computed yet. */
  figures: RowFigures | null;
  computedAt: number | null;
}

export interface CommitteeRows {
  unit: UnitRef;
  rows: BranchRow[];
  /** Rows missing or stale after this request: the page asks again. */
  pending: number;
}

/** The figures of one branch's row, computed now. */
export async function rowFigures(db: Db, tree: UnitTree, branch: Unit, now: Date): Promise<RowFigures> {
  const ids = tree.subtree(branch.id).map((u) => u.id);
  const from = lastMonths(now, branch.timeZone)[0]!.start;
  const quarter = await quarterFigures(db, tree, branch, now);
  const att = await unitAttendance(db, tree, branch, from, now);
  const notes = await unitNotices(db, ids, att.people, now.getTime() - ROW_NOTICE_DAYS * DAY, now);
  const needs = await needsByState(db, ids);
  const dues = await duesFigures(db, ids, now);
  return {
    owed: quarter.owed,
    planned: quarter.planned,
    behind: quarter.behind,
    attendanceRate: att.expected ? att.present / att.expected : null,
    unconfirmed: notes.expected - notes.confirmed,
    openNeeds: needs.open,
    duesUnpaid: dues ? dues.unpaid : null,
  };
}

export interface RowOptions {
  /** Milliseconds on a monotonic clock (performance.now), for the budget. */
  elapsed?: () => number;
  budgetMs?: number;
  freshMs?: number;
}

/** The rows of every branch below `root` (the 党委 or 总支 page), recomputing what time allows. */
export async function committeeRows(
  store: { db: Db; batch(w: Write[]): Promise<void> },
  tree: UnitTree,
  root: Unit,
  now: Date,
  opts: RowOptions = {},
): Promise<CommitteeRows> {
  const clock = opts.elapsed ?? (() => performance.now());
  const started = clock();
  const budget = opts.budgetMs ?? ROW_REFRESH_BUDGET_MS;
  const fresh = opts.freshMs ?? ROW_FRESH_MS;
  const branches = tree.subtree(root.id).filter((u) => u.type === 'branch');
  const cached = new Map<string, { computedAt: number; figures: RowFigures }>();
  if (branches.length) {
    const got = await store.db
      .select()
      .from(dashboardRows)
      .where(
        inArray(
          dashboardRows.unitId,
          branches.map((b) => b.id),
        ),
      );
    for (const r of got) {
      const parsed = JSON.parse(r.figures) as RowFigures & { v?: number };
      if (parsed.v === ROW_VERSION) cached.set(r.unitId, { computedAt: r.computedAt, figures: parsed });
    }
  }
  const t = now.getTime();
  const age = (b: Unit) => cached.get(b.id)?.computedAt ?? -Infinity;
  const due = branches.filter((b) => age(b) <= t - fresh).sort((a, b) => age(a) - age(b));
  const writes: Write[] = [];
  let done = 0;
  for (const b of due) {
    if (clock() - started >= budget) break;
    const figures = await rowFigures(store.db, tree, b, now);
    cached.set(b.id, { computedAt: t, figures });
    writes.push(
      store.db
        .insert(dashboardRows)
        .values({ unitId: b.id, computedAt: t, figures: JSON.stringify({ ...figures, v: ROW_VERSION }) })
        .onConflictDoUpdate({
          target: dashboardRows.unitId,
          set: { computedAt: sql`excluded.computed_at`, figures: sql`excluded.figures` },
        }),
    );
    done++;
  }
  if (writes.length) await store.batch(writes);
  const rows = branches.map((b): BranchRow => {
    const c = cached.get(b.id);
    const parent = b.parentId && b.parentId !== root.id ? (tree.get(b.parentId)?.name ?? null) : null;
    const figures = c ? { ...c.figures } : null;
    if (figures) delete (figures as { v?: number }).v;
    return { unitId: b.id, name: b.name, parentName: parent, figures, computedAt: c?.computedAt ?? null };
  });
  return { unit: unitRef(tree, root), rows, pending: due.length - done };
}
