// The 党委 page: one row per branch below a unit. A row is computed at branch scale (branch.ts's
// pieces) and kept in dashboard_rows. A request shows the rows as stored: it computes the missing
// ones it has time for (ROW_REFRESH_BUDGET_MS) and hands the missing and stale others to a
// RowRefresher, which recomputes them after the answer in small steps. So the page answers in the
// same time whether its rows are fresh or not (bench/dashboard.ts) and fills in after a cold start.
import { inArray, sql } from 'drizzle-orm';
import { dashboardRows } from '../../db/schema.js';
import type { Db, Write } from '../../contracts/store.js';
import type { Unit, UnitTree } from '../org/units.js';
import { meetingsBetween } from '../meetings/meetings.js';
import { quarterFrom, quarterOfUnit, unitRef, type UnitRef } from './branch.js';
import { duesFigures } from './dues.js';
import { loadNotices, noticesOf } from './notices.js';
import { lastMonths } from './period.js';
import { attendanceTotals } from './row-attendance.js';
import { needsByUnit } from './volunteering.js';

/** A row younger than this is shown as it is; an older one is recomputed when there is time. */
export const ROW_FRESH_MS = 5 * 60_000;
/** Time one request may spend computing missing rows, in milliseconds. */
export const ROW_REFRESH_BUDGET_MS = 40;
/** Notices of the last this many days count for "unconfirmed". */
export const ROW_NOTICE_DAYS = 30;
/** Bumped when the figures' meaning changes: rows of another version are recomputed. */
const ROW_VERSION = 2;
/** Rows computed together at most (their queries bind ids of every one). */
const ROWS_PER_BATCH_MAX = 50;
/** What a row is guessed to cost before one was measured, in milliseconds. */
export const ROW_FIRST_GUESS_MS = 4;
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

/** The rows of `branches`, computed now, from one set of queries for all of them. */
export async function rowFigures(
  db: Db,
  tree: UnitTree,
  branches: readonly Unit[],
  now: Date,
): Promise<Map<string, RowFigures>> {
  const out = new Map<string, RowFigures>();
  if (branches.length === 0) return out;
  const subtrees = new Map(branches.map((b) => [b.id, tree.subtree(b.id).map((u) => u.id)]));
  const ids = [...subtrees.values()].flat();
  const quarters = branches.map((b) => quarterOfUnit(b, now));
  const qStart = new Date(Math.min(...quarters.map((q) => q.start.getTime())));
  const qEnd = new Date(Math.max(...quarters.map((q) => q.end.getTime())));
  const quarterMeetings = await meetingsBetween(db, ids, qStart, qEnd);
  const from = Math.min(...branches.map((b) => lastMonths(now, b.timeZone)[0]!.start));
  const att = await attendanceTotals(db, tree, branches, from, now);
  const people = [...att.values()].flatMap((a) => a.people);
  const notes = await loadNotices(db, ids, people, now.getTime() - ROW_NOTICE_DAYS * DAY, now);
  const needs = await needsByUnit(db, ids);
  for (const b of branches) {
    const mine = subtrees.get(b.id)!;
    const quarter = quarterFrom(tree, b, quarterMeetings, now);
    const a = att.get(b.id)!;
    // Only the branch's own members: noticesOf counts no others, and would look at each.
    const n = noticesOf(notes, mine, a.people);
    const dues = await duesFigures(db, mine, now);
    out.set(b.id, {
      owed: quarter.owed,
      planned: quarter.planned,
      behind: quarter.behind,
      attendanceRate: a.expected ? a.present / a.expected : null,
      unconfirmed: n.expected - n.confirmed,
      openNeeds: mine.reduce((sum, id) => sum + (needs.get(id)?.open ?? 0), 0),
      duesUnpaid: dues ? dues.unpaid : null,
    });
  }
  return out;
}

export interface RowOptions {
  /** Milliseconds on a monotonic clock (performance.now), for the budget. */
  elapsed?: () => number;
  budgetMs?: number;
  freshMs?: number;
  /** What a row cost last time, kept by the caller between requests (sizes the first batch). */
  estimate?: { perRowMs: number };
  /** Given the rows still missing or stale after the request, and whether any is missing (RowRefresher.add). */
  onDue?: (due: readonly Unit[], missing: boolean) => void;
}

type RowStore = { db: Db; batch(w: Write[]): Promise<void> };

/** Computes the rows of `branches` as of `now` and stores them. */
export async function storeRows(
  store: RowStore,
  tree: UnitTree,
  branches: readonly Unit[],
  now: Date,
): Promise<Map<string, RowFigures>> {
  const computed = await rowFigures(store.db, tree, branches, now);
  const t = now.getTime();
  const writes: Write[] = branches.map((b) =>
    store.db
      .insert(dashboardRows)
      .values({ unitId: b.id, computedAt: t, figures: JSON.stringify({ ...computed.get(b.id)!, v: ROW_VERSION }) })
      .onConflictDoUpdate({
        target: dashboardRows.unitId,
        set: { computedAt: sql`excluded.computed_at`, figures: sql`excluded.figures` },
      }),
  );
  if (writes.length) await store.batch(writes);
  return computed;
}

/** Rows a background step computes at most: a request served meanwhile waits for one step at most. */
export const REFRESH_STEP_ROWS = 8;
/** A step waits while requests are being answered, but not longer than this (milliseconds). */
const REFRESH_YIELD_MAX_MS = 250;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Recomputes queued rows after the answers that found them missing or stale, one step of
 * REFRESH_STEP_ROWS at a time, each at least as long after the last step as that step took (at
 * most half the time goes to rows) and, unless a row is missing, after the requests in flight
 * are answered (enter/leave);
 * one pass at a time per instance: a row queued twice is computed once.
 */
export class RowRefresher {
  private readonly queue = new Map<string, Unit>();
  private tree: UnitTree | null = null;
  private running: Promise<void> | null = null;
  private inFlight = 0;
  private lastStepMs = 0;
  /** Some queued row was never computed: the page waits for it, so steps do not wait for requests. */
  private urgent = false;

  constructor(
    private readonly store: RowStore,
    private readonly now: () => Date,
    private readonly onError: (err: unknown) => void,
    private readonly pause?: () => Promise<void>,
  ) {}

  /** A request begins (call leave when it is answered): steps wait for it. */
  enter(): void {
    this.inFlight++;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  private async yieldToRequests(): Promise<void> {
    if (this.pause) return this.pause();
    await sleep(this.lastStepMs);
    if (this.urgent) return;
    // Timed by the clock: on a busy loop a 5 ms sleep lasts as long as the request before it.
    const until = performance.now() + REFRESH_YIELD_MAX_MS;
    while (this.inFlight > 0 && performance.now() < until) await sleep(5);
  }

  /** True while a pass runs (a request then leaves the computing to it). */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Queues rows of `tree`; the pass that computes them (Workers keep the isolate for it). */
  add(tree: UnitTree, due: readonly Unit[], missing = false): Promise<void> {
    this.tree = tree;
    this.urgent ||= missing;
    for (const u of due) this.queue.set(u.id, u);
    if (!this.running && this.queue.size) this.running = this.drain();
    return this.running ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.size) {
        await this.yieldToRequests();
        const step = [...this.queue.values()].slice(0, REFRESH_STEP_ROWS);
        for (const u of step) this.queue.delete(u.id);
        const t0 = performance.now();
        await storeRows(this.store, this.tree!, step, this.now());
        this.lastStepMs = performance.now() - t0;
      }
    } catch (err) {
      // The rows stay as they were (stale or missing) and are queued again by the next request.
      this.queue.clear();
      this.onError(err);
    } finally {
      this.running = null;
      this.urgent = false;
    }
  }
}

/** The rows of every branch below `root` (the 党委 or 总支 page), computing missing ones while time allows. */
export async function committeeRows(
  store: RowStore,
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
  // Only rows never computed are worth the request's time: a stale row is shown as it is.
  const missing = due.filter((b) => !cached.has(b.id));
  const computed = new Set<string>();
  // Batches sized to what is left of the budget, from the time per row measured so far.
  const estimate = opts.estimate ?? { perRowMs: ROW_FIRST_GUESS_MS };
  while (computed.size < missing.length) {
    const left = budget - (clock() - started);
    if (left <= 0) break;
    const size = Math.max(1, Math.min(ROWS_PER_BATCH_MAX, Math.floor(left / estimate.perRowMs)));
    const batch = missing.slice(computed.size, computed.size + size);
    const t0 = clock();
    const figures = await storeRows(store, tree, batch, now);
    estimate.perRowMs = Math.max(0.1, (clock() - t0) / batch.length);
    for (const b of batch) {
      cached.set(b.id, { computedAt: t, figures: figures.get(b.id)! });
      computed.add(b.id);
    }
  }
  const left = due.filter((b) => !computed.has(b.id));
  if (left.length) opts.onDue?.(left, computed.size < missing.length);
  const rows = branches.map((b): BranchRow => {
    const c = cached.get(b.id);
    const parent = b.parentId && b.parentId !== root.id ? (tree.get(b.parentId)?.name ?? null) : null;
    const figures = c ? { ...c.figures } : null;
    if (figures) delete (figures as { v?: number }).v;
    return { unitId: b.id, name: b.name, parentName: parent, figures, computedAt: c?.computedAt ?? null };
  });
  return { unit: unitRef(tree, root), rows, pending: left.length };
}
