import { DeliveryError } from '../contracts/errors.js';
import type { RelaySettings } from '../contracts/config/relay.js';

/** A failed send as the relay reports it: what went wrong and what the platform said about waiting. */
export interface Failure {
  error: string;
  retryAfterMs?: number;
  permanent?: boolean;
  status?: number;
}

/** What becomes of a row after a failed send. */
export interface FailureOutcome {
  attempts: number;
  dead: boolean;
  /** When the row may be tried again (meaningless when dead). */
  retryAt: number;
  /** The platform was pacing us (429 or a named wait): the chat and the app should pause until retryAt. */
  throttled: boolean;
}

/** The relay's view of an error thrown by a Deliverer. */
export function failureOf(err: unknown): Failure {
  const opts = err instanceof DeliveryError ? err.opts : {};
  return {
    error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    ...(opts.retryAfterMs !== undefined ? { retryAfterMs: opts.retryAfterMs } : {}),
    ...(opts.permanent !== undefined ? { permanent: opts.permanent } : {}),
    ...(opts.status !== undefined ? { status: opts.status } : {}),
  };
}

/**
 * Decides a failed row's fate: a 429, or any failure naming how long to wait (Lark's code
 * 99991400 can come with HTTP 400), is the platform pacing us, not the message failing, so it
 * does not count as an attempt. Otherwise an exponential backoff with jitter, until
 * RELAY_MAX_ATTEMPTS or a permanent failure makes the row dead.
 */
export function failureOutcome(
  row: { attempts: number },
  f: Failure,
  s: Pick<RelaySettings, 'RELAY_MAX_ATTEMPTS' | 'RELAY_BACKOFF_BASE_MS' | 'RELAY_BACKOFF_MAX_MS'>,
  now: number,
  random: () => number,
): FailureOutcome {
  const throttled = f.status === 429 || f.retryAfterMs !== undefined;
  const attempts = throttled ? row.attempts : row.attempts + 1;
  const dead = f.permanent === true || attempts >= s.RELAY_MAX_ATTEMPTS;
  const exp = Math.min(s.RELAY_BACKOFF_MAX_MS, s.RELAY_BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  const wait = f.retryAfterMs ?? Math.round(exp / 2 + (random() * exp) / 2);
  return { attempts, dead, retryAt: now + wait, throttled };
}
