import { Rest } from '../contracts/time.js';
import { and, eq } from 'drizzle-orm';
import type { CoreDeps } from '../contracts/deps.js';
import { schedulerRuns } from '../db/schema.js';
import { isConstraintViolation, type Store } from '../contracts/store.js';
import { runDuesMonth } from '../services/dues/monthly.js';
import type { DuesTexts } from '../services/dues/texts.js';
import { rollRepeats } from '../services/meetings/meetings.js';
import type { OrgCache } from '../services/org/cache.js';
import { runPairingJob, type PairingJobResult } from '../services/pairing/job.js';
import type { PairingAlertTexts } from '../services/pairing/texts.js';
import { overdueNotices, runDeadlineReminders } from '../services/notices/deadline.js';
import type { NoticeTexts } from '../services/notices/texts.js';
import { runQuarterDigests } from '../services/reminders/digest.js';
import { fireDueReminders, type FireOptions, type FireStats } from '../services/reminders/fire.js';
import { scheduleReminders } from '../services/reminders/plan.js';
import type { ReminderTexts } from '../services/reminders/texts.js';
import { UnitTree } from '../services/org/units.js';
import { Work } from '../contracts/work.js';
import { pruneExpired, type RetentionResult } from './retention.js';

/**
 * What a scheduler needs: the core's store, config, log, clock and what each platform allows (and
 * its org cache when there is one).
 */
export type SchedulerDeps = Pick<CoreDeps, 'store' | 'config' | 'log' | 'clock' | 'platforms'> & { cache?: OrgCache };

/**
 * What the scheduler's messages say, injected by the runtime (commands/reminders/texts.ts and the
 * other features' texts, composed in commands/index.ts).
 */
export type SchedulerTexts = ReminderTexts & { pairing: PairingAlertTexts; dues: DuesTexts; notices: NoticeTexts };

/** What one tick did; null parts were not due this tick (another scheduler or an earlier tick ran them). */
export interface TickResult {
  reminders: FireStats;
  /** The reminders before notices' deadlines (services/notices/deadline.ts): units reminded, messages. */
  deadlines: { units: number; messages: number } | null;
  repeats: { meetings: number; reminders: number } | null;
  digests: { units: number; messages: number } | null;
  pairing: PairingJobResult | null;
  /** The monthly 党费 reminders and officers' lists (services/dues/monthly.ts). */
  dues: { units: number; messages: number } | null;
  /** Bookkeeping rows pruned, per rule (every RETENTION_EVERY_MIN; src/scheduler/retention.ts). */
  retention: RetentionResult | null;
  /** Parts that failed (logged); the others still ran. */
  errors: string[];
}

export interface SchedulerOptions {
  deps: SchedulerDeps;
  texts: SchedulerTexts;
  /** Lease owner name; unique per scheduler. */
  owner?: string;
  /** Called after a tick that wrote outbox messages (the Node entry wakes the relay). */
  onEnqueued?: () => void;
  /** Test hook, see FireOptions.afterClaim. */
  afterClaim?: FireOptions['afterClaim'];
}

const JOBS = 'jobs';
const PAIRING = 'pairing.alerts';
const RETENTION = 'retention';

/**
 * Takes the slot of a periodic job: true for exactly one of the schedulers that ask. An indexed
 * read first, so a tick that finds the slot taken writes nothing. Old slots are pruned with the
 * other bookkeeping rows (SCHEDULER_RUNS_KEEP_DAYS).
 */
async function takeSlot(store: Store, job: string, slot: string, now: number): Promise<boolean> {
  const db = store.db;
  const key = and(eq(schedulerRuns.job, job), eq(schedulerRuns.slot, slot));
  if ((await db.select({ at: schedulerRuns.at }).from(schedulerRuns).where(key).limit(1)).length) return false;
  const got = await db
    .insert(schedulerRuns)
    .values({ job, slot, at: now })
    .onConflictDoNothing()
    .returning({ at: schedulerRuns.at });
  return got.length > 0;
}

/** Gives a slot back after its job failed, so the next tick tries again. */
async function freeSlot(store: Store, job: string, slot: string): Promise<void> {
  await store.db.delete(schedulerRuns).where(and(eq(schedulerRuns.job, job), eq(schedulerRuns.slot, slot)));
}

/**
 * Everything time-driven: meeting reminders (every tick), the next occurrence of monthly meetings,
 * the weekly 本季度 digest and the monthly 党费 job (every SCHEDULER_JOBS_EVERY_MIN), pairing alerts
 * (every PAIRING_ALERTS_EVERY_MIN), pruning of bookkeeping rows (every RETENTION_EVERY_MIN). State
 * lives in the database only, so ticks may come from a Node timer, a Workers cron trigger, several
 * processes at once, or a restarted process.
 */
export class Scheduler {
  readonly owner: string;
  /** Per job, the slot this scheduler last ran or saw taken: no need to ask the database again. */
  private readonly settled = new Map<string, string>();
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly resting = new Rest();

  constructor(private readonly opts: SchedulerOptions) {
    this.owner = opts.owner ?? `scheduler-${crypto.randomUUID().slice(0, 8)}`;
  }

  private tree(): Promise<UnitTree> {
    const db = this.opts.deps.store.db;
    return this.opts.deps.cache ? this.opts.deps.cache.tree(db) : UnitTree.load(db);
  }

  /** Runs whatever is due at `now`; never throws (failed parts are logged and listed in `errors`). */
  async tickOnce(now: Date = this.opts.deps.clock.now()): Promise<TickResult> {
    const { store, config, log } = this.opts.deps;
    const { texts } = this.opts;
    const t = now.getTime();
    const result: TickResult = {
      reminders: { claimed: 0, sent: 0, messages: 0, missed: 0, dropped: 0 },
      deadlines: null,
      repeats: null,
      digests: null,
      pairing: null,
      dues: null,
      retention: null,
      errors: [],
    };
    const part = async <T>(name: string, job: string | null, slot: string, fn: () => Promise<T>): Promise<T | null> => {
      if (job && this.settled.get(job) === slot) return null;
      if (job) {
        // A failed read or insert: try again next tick.
        const taken = await takeSlot(store, job, slot, t).catch(() => null);
        if (taken === null) return null;
        if (!taken) {
          this.settled.set(job, slot);
          return null;
        }
      }
      try {
        const out = await fn();
        if (job) this.settled.set(job, slot);
        return out;
      } catch (err) {
        if (job) await freeSlot(store, job, slot).catch(() => undefined);
        result.errors.push(name);
        // Losing a race to a chat command (会议列表 rolled the same repeat) is retried next tick.
        if (isConstraintViolation(err))
          log.warn('scheduler part lost a race, will retry', { part: name, owner: this.owner });
        else log.error('scheduler part failed', { part: name, owner: this.owner, err });
        return null;
      }
    };
    const jobsSlot = String(Math.floor(t / (config.SCHEDULER_JOBS_EVERY_MIN * 60_000)));
    result.repeats = await part('repeats', JOBS, jobsSlot, async () => {
      const tree = await this.tree();
      const work = new Work(store.db, now);
      const created = await rollRepeats(work, tree, null);
      const planned = await scheduleReminders(work, tree, created, config);
      await store.batch(work.writes);
      return { meetings: created.length, reminders: planned.length };
    });
    const fire: FireOptions = {
      store,
      settings: config,
      tree: () => this.tree(),
      platforms: this.opts.deps.platforms,
      texts,
      owner: this.owner,
      afterClaim: this.opts.afterClaim,
    };
    const fired = await part('reminders', null, '', async () => fireDueReminders(fire, now));
    if (fired) result.reminders = fired;
    // Every tick, like the meeting reminders; one indexed read when no deadline is near.
    const deadlines = {
      store,
      tree: () => this.tree(),
      settings: config,
      platforms: this.opts.deps.platforms,
      texts: texts.notices,
    };
    result.deadlines = await part('deadlines', null, '', () => runDeadlineReminders(deadlines, now));
    if (result.repeats) {
      // Same cadence as the repeats; each unit's week has its own slot inside.
      const digests = async () =>
        runQuarterDigests({ store, tree: await this.tree(), settings: config, texts, overdue: overdueNotices }, now);
      result.digests = await part('digests', null, '', digests);
      // Same cadence; each unit's month has its own dues_runs rows inside.
      const dues = async () => runDuesMonth({ store, tree: await this.tree(), config, texts: texts.dues }, now);
      result.dues = await part('dues', null, '', dues);
    }
    const pairingSlot = String(Math.floor(t / (config.PAIRING_ALERTS_EVERY_MIN * 60_000)));
    result.pairing = await part('pairing', PAIRING, pairingSlot, () =>
      runPairingJob({ store }, texts.pairing, now, config),
    );
    const retentionSlot = String(Math.floor(t / (config.RETENTION_EVERY_MIN * 60_000)));
    result.retention = await part('retention', RETENTION, retentionSlot, () => pruneExpired(store, config, now));
    const enqueued = [result.digests, result.pairing, result.dues, result.deadlines].some((r) => !!r?.messages);
    if (result.reminders.messages || enqueued) this.opts.onEnqueued?.();
    return result;
  }

  /** Ticks in the background every SCHEDULER_TICK_MS until `stop()`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.opts.deps.log.info('scheduler started', { owner: this.owner });
    this.loop = (async () => {
      while (this.running) {
        await this.tickOnce();
        if (this.running) await this.resting.for(this.opts.deps.config.SCHEDULER_TICK_MS);
      }
    })();
  }

  /** Stops the loop after the tick in progress. */
  async stop(): Promise<void> {
    this.running = false;
    this.resting.wake();
    await this.loop;
  }
}

/** One tick with a fresh lease owner: what a Workers cron trigger (`scheduled()`) calls. */
export function runSchedulerTick(
  deps: SchedulerDeps,
  texts: SchedulerTexts,
  now: Date = deps.clock.now(),
): Promise<TickResult> {
  return new Scheduler({ deps, texts }).tickOnce(now);
}
