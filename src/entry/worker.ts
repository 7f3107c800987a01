// The Cloudflare Workers entry: `fetch` serves the same Hono app as the Node entry, `scheduled`
// (the cron trigger in wrangler.toml) runs the outbox relay and the reminder tick. Nothing here
// or below may import Node-only modules (node:fs, the embedded libSQL client).
import { ConfigError } from '../config.js';
import { newErrorId } from '../errors.js';
import { createLogger } from '../log.js';
import type { ExecutionContext, ScheduledController } from './worker/cloudflare.js';
import type { WorkerEnv } from './worker/env.js';
import { runJobs } from './worker/jobs.js';
import { buildRuntime, type WorkerRuntime } from './worker/runtime.js';

/**
 * One runtime per env object. Workers hand `env` to every call instead of exposing it at start,
 * so the core cannot be built at module load; an isolate passes the same env object to every
 * call, so this builds once per isolate (a new deployment or a changed secret starts new
 * isolates with a new env). A WeakMap rather than a single slot keeps the key honest: a
 * different env object can never be served by a runtime built from another.
 */
const runtimes = new WeakMap<object, WorkerRuntime>();

function runtimeFor(env: WorkerEnv): WorkerRuntime {
  let rt = runtimes.get(env);
  if (!rt) {
    rt = buildRuntime(env);
    runtimes.set(env, rt);
  }
  return rt;
}

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
      rt = runtimeFor(env);
    } catch (err) {
      return startupFailure(err);
    }
    return rt.app.fetch(request, env, ctx);
  },

  /**
   * Runs the jobs as of the later of the trigger's time and the clock: on Cloudflare that is the
   * clock (the trigger fires at its time or a little after); `wrangler dev --test-scheduled` lets
   * a test fire it as of a later moment (`/__scheduled?time=`). Awaited rather than left to
   * waitUntil, so a failed job marks the invocation failed.
   */
  async scheduled(controller: ScheduledController, env: WorkerEnv, _ctx: ExecutionContext): Promise<void> {
    const rt = runtimeFor(env);
    const { clock, log } = rt.core.deps;
    await runJobs(rt.jobs, new Date(Math.max(controller.scheduledTime, clock.now().getTime())), log);
  },
};
