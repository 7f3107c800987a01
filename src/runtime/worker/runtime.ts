import type { Hono } from 'hono';
import type { CommandDeps } from '../../command/context.js';
import { createLogger } from '../../contracts/log.js';
import { assemble } from '../assemble.js';
import type { ScheduledJob } from './jobs.js';
import { storeFromEnv, varsFromEnv, type WorkerEnv } from './env.js';
import { filesFromEnv } from './r2.js';
import { relayJob } from './relay-job.js';
import { schedulerJob } from './scheduler-job.js';

/** Everything one isolate builds once from its env and then reuses for every event. */
export interface WorkerRuntime {
  app: Hono;
  deps: CommandDeps;
  /** What the cron trigger runs, in order. */
  jobs: ScheduledJob[];
}

/**
 * Builds the core for one Worker env with the same assembly as on Node, over D1 or a libSQL
 * server. The Lark webhook answers at once and hands the rest to `waitUntil`, so the isolate
 * stays alive until the command has run and the replies are sent.
 */
export async function buildRuntime(env: WorkerEnv): Promise<WorkerRuntime> {
  const { app, deps, relay, deliverers } = await assemble({
    env: varsFromEnv(env),
    runtime: 'worker',
    store: () => storeFromEnv(env),
    // Photos in R2 when the binding exists; no thumbnails here (pure-JS decoding costs seconds of CPU).
    files: () => filesFromEnv(env),
    log: createLogger(),
    defer: (task, c) => c?.executionCtx.waitUntil(task),
    // One relay per isolate: its pacing windows carry over between invocations.
    relayOwner: `worker-${crypto.randomUUID().slice(0, 8)}`,
  });
  // The cron jobs, in order: what enqueues messages runs before the relay that sends them.
  const jobs = [schedulerJob(deps), deliverers.length ? relayJob(relay, deps.clock) : null];
  return { app, deps, jobs: jobs.filter((j): j is ScheduledJob => j !== null) };
}
