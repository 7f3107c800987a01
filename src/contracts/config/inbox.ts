import { intVar } from './env.js';

// Defaults of the inbox (docs/inbox.md): platform events stored before they are answered and
// worked on afterwards. Each can be changed by the environment variable of the same name.

/**
 * How long a received or retaken event belongs to one process. A process that dies holding events
 * leaves them to the others (or to itself after a restart) once this has passed.
 */
export const INBOX_LEASE_MS = 60_000;
/** How often a Node process looks for events left unfinished (besides once at start). */
export const INBOX_DRAIN_MS = 15_000;
/** Events retaken per statement while draining. */
export const INBOX_BATCH_SIZE = 50;
/** Processing attempts after which an event is given up (marked dead, logged). */
export const INBOX_MAX_ATTEMPTS = 5;
/**
 * An event still pending this long after it arrived is given up rather than worked on: shorter
 * than the stored answers' retention (ANSWERS_KEEP_HOURS), so work that did commit is never run
 * again after its answer was pruned.
 */
export const INBOX_MAX_AGE_MS = 24 * 3_600_000;

/** The inbox's environment variables, spread into the core's schema (./index.ts). */
export const inboxEnvShape = {
  INBOX_LEASE_MS: intVar(100, INBOX_LEASE_MS),
  INBOX_DRAIN_MS: intVar(100, INBOX_DRAIN_MS),
  INBOX_BATCH_SIZE: intVar(1, INBOX_BATCH_SIZE),
  INBOX_MAX_ATTEMPTS: intVar(1, INBOX_MAX_ATTEMPTS),
  INBOX_MAX_AGE_MS: intVar(60_000, INBOX_MAX_AGE_MS),
};

/** What the inbox reads from the config. */
export type InboxSettings = { [K in keyof typeof inboxEnvShape]: number };
