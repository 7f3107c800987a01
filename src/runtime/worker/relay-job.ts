import type { Clock } from '../../contracts/time.js';
import type { Relay, RunStats } from '../../outbox/relay.js';
import type { ScheduledJob } from './jobs.js';

/**
 * How long one scheduled invocation keeps sending, in milliseconds. Below the cron interval
 * (a minute) so invocations rarely overlap; when they do, leases keep every row with one relay.
 */
export const WORKER_RELAY_BUDGET_MS = 45_000;

/**
 * The outbox relay as a cron job: rounds of `runOnce` until nothing is due or the budget is
 * spent. The first round runs as of the invocation's time; later rounds as of the clock, so rows
 * put back to wait for a rate-limit slot go out in the same invocation when their slot comes.
 */
export function relayJob(relay: Relay, clock: Clock, budgetMs = WORKER_RELAY_BUDGET_MS): ScheduledJob {
  return {
    name: 'outbox-relay',
    async run(now) {
      const started = clock.now().getTime();
      const total: RunStats & { rounds: number } = { rounds: 0, claimed: 0, sent: 0, retried: 0, dead: 0, deferred: 0 };
      let asOf = now;
      for (;;) {
        const stats = await relay.runOnce(asOf);
        total.rounds++;
        for (const k of ['claimed', 'sent', 'retried', 'dead', 'deferred'] as const) total[k] += stats[k];
        if (stats.claimed === 0 || clock.now().getTime() - started >= budgetMs) return total;
        asOf = new Date(Math.max(now.getTime(), clock.now().getTime()));
      }
    },
  };
}
