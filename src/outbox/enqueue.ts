import { eq, sql, type SQL } from 'drizzle-orm';
import { identities, outbox } from '../db/schema.js';
import type { Mention } from '../contracts/message.js';
import type { Work } from '../contracts/work.js';

/** One message to send later through the relay. */
export interface OutboxMessage {
  platform: string;
  /** Group chat id, or the user id for a direct message. */
  chatId: string;
  direct?: boolean;
  /** What causes it (notice, chase, reminder, meeting.cancel…). */
  kind: string;
  /** The id of the thing that causes it; with kind, platform and chat it makes the idempotency key. */
  ref: string;
  text: string;
  mentions?: Mention[];
  payload?: unknown;
  /** Earliest send time (defaults to now). */
  notBefore?: Date;
  /** Whose officers see it if it fails; defaults to the unit the chat (or the member) belongs to. */
  unitId?: string | null;
}

/** Idempotency key of one message to one chat; stable across retries and restarts. */
export function outboxKey(m: Pick<OutboxMessage, 'kind' | 'ref' | 'platform' | 'chatId' | 'direct'>): string {
  return `${m.kind}:${m.ref}:${m.platform}:${m.direct ? 'u' : 'c'}:${m.chatId}`;
}

/** The columns `enqueue` fills, in the order of each row's JSON array. */
const COLUMNS = [
  outbox.platform,
  outbox.chatId,
  outbox.direct,
  outbox.kind,
  outbox.ref,
  outbox.text,
  outbox.mentions,
  outbox.payload,
  outbox.idemKey,
  outbox.unitId,
  outbox.notBefore,
  outbox.createdAt,
];

/**
 * Adds messages to the outbox as part of `work`, so they commit (or not) with the change that
 * causes them. Enqueueing the same (kind, ref, platform, chat) twice is a no-op.
 *
 * All rows travel as ONE parameter, a JSON array unpacked by SQLite's json_each: a notice to 1000
 * chats is one short statement instead of 14,000 bound values, which drizzle's insert builder
 * needs 5-8x longer to build and run (bench/outbox.ts).
 *
 * `onlyIf(ref)` is an SQL condition on each row's `ref`, checked when the batch runs: a row is
 * added only if it holds then (the scheduler adds a reminder's messages only while it still holds
 * that reminder's lease).
 */
export function enqueue(work: Work, messages: OutboxMessage[], opts: { onlyIf?: (ref: SQL) => SQL } = {}): void {
  if (messages.length === 0) return;
  const now = work.now.getTime();
  const rows = messages.map((m) => [
    m.platform,
    m.chatId,
    m.direct ? 1 : 0,
    m.kind,
    m.ref,
    m.text,
    JSON.stringify(m.mentions ?? []),
    m.payload === undefined ? null : JSON.stringify(m.payload),
    outboxKey(m),
    m.unitId ?? null,
    m.notBefore?.getTime() ?? now,
    now,
  ]);
  const names = sql.raw(COLUMNS.map((c) => `"${c.name}"`).join(', '));
  const values = sql.raw(COLUMNS.map((_, i) => `json_extract(value, '$[${i}]')`).join(', '));
  // A WHERE clause ("WHERE true" at least) keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
  const where = opts.onlyIf
    ? opts.onlyIf(sql.raw(`json_extract(value, '$[${COLUMNS.indexOf(outbox.ref)}]')`))
    : sql`true`;
  const select = sql`SELECT ${values} FROM json_each(${JSON.stringify(rows)}) WHERE ${where}`;
  work.write(work.db.run(sql`INSERT INTO "outbox" (${names}) ${select} ON CONFLICT DO NOTHING`));
}

/**
 * Enqueues a direct message to a member on one of their platforms: `prefer` if they have an
 * account there, else the first one they registered. Returns false when they have none.
 */
export async function enqueueToMember(
  work: Work,
  memberId: string,
  m: Omit<OutboxMessage, 'platform' | 'chatId' | 'direct'>,
  prefer?: string,
): Promise<boolean> {
  const ids = await work.db
    .select({ platform: identities.platform, userId: identities.userId })
    .from(identities)
    .where(eq(identities.memberId, memberId))
    .orderBy(identities.createdAt);
  const target = ids.find((i) => i.platform === prefer) ?? ids[0];
  if (!target) return false;
  enqueue(work, [{ ...m, platform: target.platform, chatId: target.userId, direct: true }]);
  return true;
}
