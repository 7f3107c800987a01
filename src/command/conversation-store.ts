import { and, eq } from 'drizzle-orm';
import { conversations } from '../db/schema.js';
import type { Db } from '../contracts/store.js';
import type { Work } from '../contracts/work.js';

/** How long an unanswered guided exchange stays open, in hours; after that plain messages are plain again. */
export const CONVERSATION_TTL_HOURS = 24;

/** A guided exchange open with one person in a direct chat. */
export interface OpenConversation {
  kind: string;
  state: unknown;
}

/** The person's open exchange, or null (none, or expired). */
export async function loadConversation(
  db: Db,
  platform: string,
  userId: string,
  now: Date,
): Promise<OpenConversation | null> {
  const rows = await db
    .select({ kind: conversations.kind, state: conversations.state, expiresAt: conversations.expiresAt })
    .from(conversations)
    .where(and(eq(conversations.platform, platform), eq(conversations.userId, userId)))
    .limit(1);
  const row = rows[0];
  if (!row || row.expiresAt <= now.getTime()) return null;
  return { kind: row.kind, state: JSON.parse(row.state) as unknown };
}

/** Opens (or replaces, or extends) the person's exchange; one at a time per person. */
export function startConversation(
  work: Work,
  who: { platform: string; userId: string },
  kind: string,
  state: unknown,
): void {
  const now = work.now.getTime();
  const values = {
    kind,
    state: JSON.stringify(state),
    updatedAt: now,
    expiresAt: now + CONVERSATION_TTL_HOURS * 3_600_000,
  };
  work.write(
    work.db
      .insert(conversations)
      .values({ platform: who.platform, userId: who.userId, ...values })
      .onConflictDoUpdate({ target: [conversations.platform, conversations.userId], set: values }),
  );
}

/** Ends the person's exchange, whatever it was. */
export function endConversation(work: Work, who: { platform: string; userId: string }): void {
  work.write(
    work.db
      .delete(conversations)
      .where(and(eq(conversations.platform, who.platform), eq(conversations.userId, who.userId))),
  );
}
