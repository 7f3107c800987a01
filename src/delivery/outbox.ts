import { eq } from 'drizzle-orm';
import { identities, outbox } from '../db/schema.js';
import type { Mention } from '../message.js';
import type { Work } from '../services/work.js';

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

/** Rows per INSERT statement; SQLite allows 32766 variables, each row binds 12. */
const ROWS_PER_INSERT = 500;

/**
 * Adds messages to the outbox as part of `work`, so they commit (or not) with the change that
 * causes them. Enqueueing the same (kind, ref, platform, chat) twice is a no-op.
 */
export function enqueue(work: Work, messages: OutboxMessage[]): void {
  const now = work.now.getTime();
  const rows = messages.map((m) => ({
    platform: m.platform,
    chatId: m.chatId,
    direct: m.direct ?? false,
    kind: m.kind,
    ref: m.ref,
    text: m.text,
    mentions: JSON.stringify(m.mentions ?? []),
    payload: m.payload === undefined ? null : JSON.stringify(m.payload),
    idemKey: outboxKey(m),
    unitId: m.unitId ?? null,
    notBefore: m.notBefore?.getTime() ?? now,
    createdAt: now,
  }));
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    work.write(work.db.insert(outbox).values(rows.slice(i, i + ROWS_PER_INSERT)).onConflictDoNothing());
  }
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
