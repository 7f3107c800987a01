// The Cloudflare Workers entry: `fetch` serves the same Hono app as the Node entry, `scheduled`
// (the cron trigger in wrangler.toml) runs the outbox relay and the reminder tick. Nothing here
// or below may import Node-only modules (node:fs, the embedded libSQL client).
import { ConfigError } from '../contracts/config/index.js';
import { newErrorId } from '../contracts/errors.js';
import { createLogger } from '../contracts/log.js';
import type { ExecutionContext, ScheduledController } from '../db/cloudflare.js';
import type { WorkerEnv } from './worker/env.js';
import { runtimeFor } from './worker/cache.js';
import { runJobs } from './worker/jobs.js';
import type { WorkerRuntime } from './worker/runtime.js';

/** A configuration error is logged in full (it names the variable) and answered without detail. */
function startupFailure(err: unknown): Response {
  const errorId = newErrorId();
  createLogger().error(err instanceof ConfigError ? err.message : 'worker start-up failed', { errorId, err });
  return Response.json({ error: 'service not configured', errorId }, { status: 503 });
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let rt: WorkerRuntime;
    try {
      rt = await runtimeFor(env);
    } catch (err) {
      return startupFailure(err);
    }
    return rt.app.fetch(request, env, ctx);
  },

  /**
   * Runs the jobs as of the later of the trigger's time and the clock: on Cloudflare that is the
   * clock (the trigger fires at its time or a little after); `wrangler dev` lets a test fire it
   * as of a later moment (`/cdn-cgi/handler/scheduled?time=<ms>`). Awaited rather than left to
   * waitUntil, so a failed job marks the invocation failed.
   */
  async scheduled(controller: ScheduledController, env: WorkerEnv, _ctx: ExecutionContext): Promise<void> {
    const rt = await runtimeFor(env);
    const { clock, log } = rt.deps;
    await runJobs(rt.jobs, new Date(Math.max(controller.scheduledTime, clock.now().getTime())), log);
  },
};
