import { and, asc, count, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { deliveredMessages, outbox } from '../db/schema.js';
import type { Db } from '../contracts/store.js';

/** An outbox row as the relay sees it. */
export type OutboxRow = typeof outbox.$inferSelect;

/** Longest error text kept on a row. */
const MAX_ERROR_CHARS = 500;

/** Why rows are given back unsent, when people should be able to see it (投递失败 lists held rows). */
export type HoldReason = 'daily-cap';

/** `last_error` of a row held back by a platform's daily cap, until it is claimed again. */
export const DAILY_CAP_HOLD = 'daily-cap';

/**
 * Leases up to `limit` due rows of `platforms` to `owner` in one statement: pending rows whose
 * time has come, and rows whose previous lease expired (their relay died mid-send). The UPDATE
 * with a sub-select is atomic, so two relays never lease the same row. A taken-over row counts
 * one attempt, so a row that kills its relay every time ends up dead instead of looping.
 */
export async function claimDue(
  db: Db,
  opts: { platforms: string[]; owner: string; now: number; leaseMs: number; limit: number },
): Promise<OutboxRow[]> {
  if (opts.platforms.length === 0) return [];
  const due = or(
    and(eq(outbox.status, 'pending'), lte(outbox.notBefore, opts.now)),
    and(eq(outbox.status, 'sending'), lt(outbox.leaseUntil, opts.now)),
  );
  const ids = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(due, inArray(outbox.platform, opts.platforms)))
    .orderBy(asc(outbox.notBefore), asc(outbox.id))
    .limit(opts.limit);
  const rows = await db
    .update(outbox)
    .set({
      status: 'sending',
      leaseOwner: opts.owner,
      leaseUntil: opts.now + opts.leaseMs,
      attempts: sql`CASE WHEN ${outbox.status} = 'sending' THEN ${outbox.attempts} + 1 ELSE ${outbox.attempts} END`,
    })
    .where(inArray(outbox.id, ids))
    .returning();
  return rows.sort((a, b) => a.notBefore - b.notBefore || a.id - b.id);
}

const mine = (id: number, owner: string) =>
  and(eq(outbox.id, id), eq(outbox.leaseOwner, owner), eq(outbox.status, 'sending'));

/** Marks a delivered row sent; false when this relay had lost its lease (another relay took the row over). */
export async function markSent(
  db: Db,
  id: number,
  owner: string,
  at: number,
  platformMessageId?: string,
): Promise<boolean> {
  const done = await db
    .update(outbox)
    .set({ status: 'sent', sentAt: at, leaseOwner: null, leaseUntil: null, lastError: null })
    .where(mine(id, owner))
    .returning({ id: outbox.id });
  if (done.length > 0 && platformMessageId) {
    await db.insert(deliveredMessages).values({ outboxId: id, platformMessageId, sentAt: at }).onConflictDoNothing();
  }
  return done.length > 0;
}

/** Records a failed attempt: back to pending at `retryAt`, or dead. */
export async function markFailed(
  db: Db,
  id: number,
  owner: string,
  r: { attempts: number; dead: boolean; retryAt: number; error: string },
): Promise<void> {
  await db
    .update(outbox)
    .set({
      status: r.dead ? 'dead' : 'pending',
      attempts: r.attempts,
      notBefore: r.retryAt,
      lastError: r.error.slice(0, MAX_ERROR_CHARS),
      leaseOwner: null,
      leaseUntil: null,
    })
    .where(mine(id, owner));
}

/**
 * Gives rows back unsent, to be claimed again at `notBefore` (rate limits, lost lease budget).
 * A daily-cap hold is marked in last_error so officers can see it; any other release clears that mark.
 */
export async function release(
  db: Db,
  ids: number[],
  owner: string,
  notBefore: number,
  reason?: HoldReason,
): Promise<number[]> {
  if (ids.length === 0) return [];
  const lastError =
    reason === 'daily-cap'
      ? DAILY_CAP_HOLD
      : sql`CASE WHEN ${outbox.lastError} = ${DAILY_CAP_HOLD} THEN NULL ELSE ${outbox.lastError} END`;
  const done = await db
    .update(outbox)
    .set({ status: 'pending', notBefore, leaseOwner: null, leaseUntil: null, lastError })
    .where(and(inArray(outbox.id, ids), eq(outbox.leaseOwner, owner), eq(outbox.status, 'sending')))
    .returning({ id: outbox.id });
  return done.map((r) => r.id);
}

/** One row by id, or undefined. */
export async function loadRow(db: Db, id: number): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id)).limit(1);
  return row;
}

/** The platforms of the rows `ids` (each once); ids of no row add nothing. */
export async function platformsOf(db: Db, ids: readonly number[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await db
    .selectDistinct({ platform: outbox.platform })
    .from(outbox)
    .where(inArray(outbox.id, [...ids]));
  return new Set(found.map((r) => r.platform));
}

/** Sends of `platform` since `since`, oldest first: to re-seed rate windows after a restart. */
export async function recentSends(
  db: Db,
  platform: string,
  since: number,
): Promise<{ chatId: string; direct: boolean; sentAt: number }[]> {
  const rows = await db
    .select({ chatId: outbox.chatId, direct: outbox.direct, sentAt: outbox.sentAt })
    .from(outbox)
    .where(and(eq(outbox.platform, platform), gte(outbox.sentAt, since)))
    .orderBy(asc(outbox.sentAt));
  return rows.map((r) => ({ chatId: r.chatId, direct: r.direct, sentAt: r.sentAt ?? since }));
}

/** How many rows of `platform` were sent since `since` (daily caps, across processes). */
export async function countSentSince(db: Db, platform: string, since: number): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(outbox)
    .where(and(eq(outbox.platform, platform), gte(outbox.sentAt, since)));
  return r?.n ?? 0;
}
