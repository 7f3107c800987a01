import { schedulerTexts } from '../../../commands/index.js';
import { runSchedulerTick, type SchedulerDeps } from '../../scheduler/scheduler.js';
import type { ScheduledJob } from './jobs.js';

/**
 * The scheduler tick as a cron job: meeting reminders, monthly repeats, the weekly 本季度 digest
 * and pairing alerts, as of the invocation's time. Each invocation leases under a fresh owner;
 * a part that failed fails the job (after the other parts ran), so the invocation shows it.
 */
export function schedulerJob(deps: SchedulerDeps): ScheduledJob {
  return {
    name: 'scheduler',
    async run(now) {
      const result = await runSchedulerTick(deps, schedulerTexts, now);
      if (result.errors.length) throw new Error(`scheduler parts failed: ${result.errors.join(', ')}`);
      return result;
    },
  };
}
