import type { WorkerEnv } from './env.js';
import { buildRuntime, type WorkerRuntime } from './runtime.js';

/**
 * One runtime per env object. Workers hand `env` to every call instead of exposing it at start,
 * so the core cannot be built at module load; an isolate passes the same env object to every
 * call, so this builds once per isolate (a new deployment or a changed secret starts new
 * isolates with a new env). A WeakMap rather than a single slot keeps the key honest: a
 * different env object is never served by a runtime built from another. Calls that arrive while
 * the build runs wait for the same build.
 */
const runtimes = new WeakMap<object, Promise<WorkerRuntime>>();

/** The runtime for `env`, built on first use. A failed build is not kept: the next call tries again. */
export function runtimeFor(
  env: WorkerEnv,
  build: (env: WorkerEnv) => Promise<WorkerRuntime> = buildRuntime,
): Promise<WorkerRuntime> {
  let rt = runtimes.get(env);
  if (!rt) {
    rt = build(env);
    runtimes.set(env, rt);
    rt.catch(() => runtimes.delete(env));
  }
  return rt;
}
