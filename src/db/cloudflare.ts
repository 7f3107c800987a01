// The few Cloudflare Workers runtime types the worker entry uses, declared here rather than
// pulling in @cloudflare/workers-types (whose globals clash with the DOM and Node types).

/** A D1 database binding (only what drizzle and the store call). */
export interface D1Database {
  prepare(query: string): unknown;
  batch(statements: unknown[]): Promise<unknown[]>;
  exec(query: string): Promise<unknown>;
}

/** The third argument of `fetch` and `scheduled` (Hono declares it already). */
export type { ExecutionContext } from 'hono';

/** The first argument of `scheduled`. */
export interface ScheduledController {
  readonly scheduledTime: number;
  readonly cron: string;
  noRetry(): void;
}
