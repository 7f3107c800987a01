import type { Hono } from 'hono';
import { larkAdapter, larkOptionsFromConfig } from '../../../adapters/lark/index.js';
import { playgroundAdapter } from '../../../adapters/playground/index.js';
import type { Adapter, Core } from '../../contracts/adapter.js';
import { createApp } from '../../http/app.js';
import { heldTexts } from '../../../commands/outbox-admin/texts.js';
import { createDeps } from '../deps.js';
import { createLogger } from '../../contracts/log.js';
import { noticeConfirmations } from '../../services/notices/notices.js';
import type { ScheduledJob } from './jobs.js';
import { configFromEnv, storeFromEnv, type WorkerEnv } from './env.js';
import { relayJob } from './relay-job.js';
import { schedulerJob } from './scheduler-job.js';

/** Everything one isolate builds once from its env and then reuses for every event. */
export interface WorkerRuntime {
  app: Hono;
  core: Core;
  adapters: Adapter[];
  /** What the cron trigger runs, in order. */
  jobs: ScheduledJob[];
}

/**
 * Builds the core for one Worker env: the same createApp as on Node, over D1 or a libSQL
 * server. The Lark webhook answers at once and hands the rest to `waitUntil`, so the isolate
 * stays alive until the command has run and the replies are sent.
 */
export function buildRuntime(env: WorkerEnv): WorkerRuntime {
  const log = createLogger();
  const config = configFromEnv(env);
  const store = storeFromEnv(env);
  const deps = createDeps({ config, store, log });
  const adapters: Adapter[] = [];
  if (config.playground) adapters.push(playgroundAdapter());
  const lark = larkOptionsFromConfig(config);
  if (lark) adapters.push(larkAdapter({ ...lark, log, confirmations: noticeConfirmations, defer: (task, c) => c?.executionCtx.waitUntil(task) }));
  const { app, core } = createApp({ deps, adapters, heldTexts });
  return { app, core, adapters, jobs: scheduledJobs(core, adapters) };
}

/** The cron jobs, in order: what enqueues messages runs before the relay that sends them. */
function scheduledJobs(core: Core, adapters: Adapter[]): ScheduledJob[] {
  const jobs: (ScheduledJob | null)[] = [schedulerJob(core), relayJob(core, adapters)];
  return jobs.filter((j): j is ScheduledJob => j !== null);
}
