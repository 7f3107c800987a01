import type { Db } from '../contracts/store.js';
import type { Logger } from '../contracts/log.js';
import { systemClock, type Clock } from '../contracts/time.js';
import { failureOutcome, type Failure, type FailureOutcome } from './failure.js';
import {
  claimDue,
  countSentSince,
  loadRow,
  markFailed,
  markSent,
  recentSends,
  release,
  type HoldReason,
  type OutboxRow,
} from './rows.js';
import type { RelaySettings } from '../contracts/config/relay.js';

/** Options of one claim: which platforms, for whom, and for how long. */
export interface ClaimOptions {
  platforms: string[];
  owner: string;
  now: number;
  leaseMs: number;
  limit: number;
}

/**
 * Where a relay leases and settles outbox rows: the database, for the relay inside the core, or
 * the core over HTTP, for a gateway that runs a platform elsewhere (src/outbox/remote-rows.ts).
 * Both end in the functions of rows.ts, so there is one claim and one set of state changes.
 */
export interface RowStore {
  claim(opts: ClaimOptions): Promise<OutboxRow[]>;
  /** False when the lease was lost (another relay took the row over); keeps the platform's message id. */
  sent(id: number, owner: string, at: number, platformMessageId?: string): Promise<boolean>;
  /** Records a failed send and says what becomes of the row. */
  failed(row: OutboxRow, owner: string, failure: Failure, now: number): Promise<FailureOutcome>;
  /** Gives rows back unsent until `notBefore`; `reason` says why when people should know. */
  release(ids: number[], owner: string, notBefore: number, reason?: HoldReason): Promise<void>;
  recentSends(platform: string, since: number): Promise<{ chatId: string; direct: boolean; sentAt: number }[]>;
  countSentSince(platform: string, since: number): Promise<number>;
}

/** Called when rows are held past a platform's daily cap (to tell officers). */
export type OnHeld = (held: { ids: number[]; resumeAt: number; now: number }) => Promise<void>;

export interface DbRowStoreOptions {
  settings: RelaySettings;
  random?: () => number;
  onHeld?: OnHeld;
  log?: Logger;
  clock?: Clock;
}

/** The row store of the core itself: rows.ts over the database. */
export function dbRowStore(db: Db, opts: DbRowStoreOptions): RowStore {
  const random = opts.random ?? Math.random;
  const clock = opts.clock ?? systemClock;
  return {
    claim: (o) => claimDue(db, o),
    sent: (id, owner, at, messageId) => markSent(db, id, owner, at, messageId),
    async failed(row, owner, failure, now) {
      const outcome = failureOutcome(row, failure, opts.settings, now, random);
      await markFailed(db, row.id, owner, { ...outcome, error: failure.error });
      return outcome;
    },
    async release(ids, owner, notBefore, reason) {
      const released = await release(db, ids, owner, notBefore, reason);
      if (reason === 'daily-cap' && released.length && opts.onHeld) {
        // Telling officers must not make the relay fail its round: the rows are safely held.
        await opts
          .onHeld({ ids: released, resumeAt: notBefore, now: clock.now().getTime() })
          .catch((err) => opts.log?.error('could not tell officers about held rows', { err }));
      }
    },
    recentSends: (platform, since) => recentSends(db, platform, since),
    countSentSince: (platform, since) => countSentSince(db, platform, since),
  };
}

/** Settles a failed send of a row known only by id (the core's ack route); null when the lease is not the caller's. */
export async function failById(
  db: Db,
  id: number,
  owner: string,
  failure: Failure,
  opts: { settings: RelaySettings; now: number; random?: () => number },
): Promise<FailureOutcome | null> {
  const row = await loadRow(db, id);
  if (!row || row.status !== 'sending' || row.leaseOwner !== owner) return null;
  const outcome = failureOutcome(row, failure, opts.settings, opts.now, opts.random ?? Math.random);
  await markFailed(db, id, owner, { ...outcome, error: failure.error });
  return outcome;
}
