import type { WorkerEnv } from './env.js';
import { buildRuntime, type WorkerRuntime } from './runtime.js';

/**
 * One runtime per env object. Workers hand `env` to every call instead of exposing it at start,
 * so the core cannot be built at module load; an isolate passes the same env object to every
 * call, so this builds once per isolate (a new deployment or a changed secret starts new
 * isolates with a new env). A WeakMap rather than a single slot keeps the key honest: a
 * different env object is never served by a runtime built from another.
 */
const runtimes = new WeakMap<object, WorkerRuntime>();

/** The runtime for `env`, built on first use. A failed build is not cached: the next call tries again. */
export function runtimeFor(env: WorkerEnv, build: (env: WorkerEnv) => WorkerRuntime = buildRuntime): WorkerRuntime {
  let rt = runtimes.get(env);
  if (!rt) {
    rt = build(env);
    runtimes.set(env, rt);
  }
  return rt;
}
