import type { Logger } from '../../contracts/log.js';

/** Work the cron trigger runs: the outbox relay, the reminder tick, housekeeping. */
export interface ScheduledJob {
  name: string;
  /** Does one round of work as of `now`; resolves with a summary for the log. */
  run(now: Date): Promise<unknown>;
}

/** What one job did in a scheduled invocation. */
export interface JobOutcome {
  name: string;
  ok: boolean;
  ms: number;
  result?: unknown;
}

/**
 * Runs the jobs one after another (a reminder tick enqueues rows the relay then sends in the
 * same invocation). A failing job is logged and does not stop the others; the invocation then
 * fails as a whole so the Workers dashboard shows it.
 */
export async function runJobs(jobs: readonly ScheduledJob[], now: Date, log: Logger): Promise<JobOutcome[]> {
  const outcomes: JobOutcome[] = [];
  const errors: unknown[] = [];
  for (const job of jobs) {
    const started = Date.now();
    try {
      const result = await job.run(now);
      outcomes.push({ name: job.name, ok: true, ms: Date.now() - started, result });
    } catch (err) {
      errors.push(err);
      outcomes.push({ name: job.name, ok: false, ms: Date.now() - started });
      log.error('scheduled job failed', { job: job.name, err });
    }
  }
  log.info('scheduled jobs ran', { at: now.toISOString(), jobs: outcomes });
  if (errors.length) throw new AggregateError(errors, `${errors.length} scheduled job(s) failed`);
  return outcomes;
}
