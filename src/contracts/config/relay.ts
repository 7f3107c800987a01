import { z } from 'zod';
import { intVar } from './env.js';

// Defaults of the outbox relay. Each one can be changed by the environment variable of the same
// name (see `relayEnvShape`). The pacing of each platform is its adapter's (adapters/<name>/config.ts).

/** How often an idle relay looks for due rows. */
export const RELAY_POLL_MS = 1000;
/** Rows claimed per round. */
export const RELAY_BATCH_SIZE = 100;
/** How long a claimed row belongs to one relay; a crashed relay's rows are taken over after it. */
export const RELAY_LEASE_MS = 60_000;
/** Chats sent to at the same time. */
export const RELAY_CONCURRENCY = 8;
/** Failed attempts after which a row is dead (shown by 投递失败, retried by 重发). */
export const RELAY_MAX_ATTEMPTS = 8;
/** First retry delay; doubles per failure (with jitter) up to the maximum. */
export const RELAY_BACKOFF_BASE_MS = 2000;
export const RELAY_BACKOFF_MAX_MS = 30 * 60_000;
/** A row whose rate-limit slot is further away than this is put back with not_before = slot. */
export const RELAY_LOOKAHEAD_MS = 10_000;
/** A send that takes longer than this counts as failed (the idempotency key makes a retry safe). */
export const RELAY_SEND_TIMEOUT_MS = 20_000;
/** Added to every rate window to absorb network jitter. */
export const RELAY_RATE_MARGIN_MS = 25;

/** The relay's environment variables, spread into the core's and the gateway's schemas. */
export const relayEnvShape = {
  RELAY_POLL_MS: intVar(10, RELAY_POLL_MS),
  RELAY_BATCH_SIZE: intVar(1, RELAY_BATCH_SIZE),
  RELAY_LEASE_MS: intVar(1000, RELAY_LEASE_MS),
  RELAY_CONCURRENCY: intVar(1, RELAY_CONCURRENCY),
  RELAY_MAX_ATTEMPTS: intVar(1, RELAY_MAX_ATTEMPTS),
  RELAY_BACKOFF_BASE_MS: intVar(1, RELAY_BACKOFF_BASE_MS),
  RELAY_BACKOFF_MAX_MS: intVar(1, RELAY_BACKOFF_MAX_MS),
  RELAY_LOOKAHEAD_MS: intVar(0, RELAY_LOOKAHEAD_MS),
  RELAY_SEND_TIMEOUT_MS: intVar(100, RELAY_SEND_TIMEOUT_MS),
  RELAY_RATE_MARGIN_MS: intVar(0, RELAY_RATE_MARGIN_MS),
};

/** What the relay reads from the config. */
export type RelaySettings = { [K in keyof typeof relayEnvShape]: number };

/** Defaults of every relay setting, for tests and benchmarks that override a few. */
export function defaultRelaySettings(overrides: Partial<RelaySettings> = {}): RelaySettings {
  return { ...z.object(relayEnvShape).parse({}), ...overrides };
}
