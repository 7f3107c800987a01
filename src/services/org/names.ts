import { and, eq } from 'drizzle-orm';
import { identities, members } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';

/**
 * The name the member registry knows for a platform account: the member's name, else the name
 * the account was registered with; undefined for an account nobody registered. Adapters ask
 * this (CorePort.displayName) because platform events often carry ids only.
 */
export async function displayName(db: Db, platform: string, userId: string): Promise<string | undefined> {
  const rows = await db
    .select({ name: members.name, displayName: identities.displayName })
    .from(identities)
    .leftJoin(members, eq(members.id, identities.memberId))
    .where(and(eq(identities.platform, platform), eq(identities.userId, userId)))
    .limit(1);
  return rows[0]?.name ?? rows[0]?.displayName ?? undefined;
}
