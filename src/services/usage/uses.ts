import { and, desc, eq, sql } from 'drizzle-orm';
import { commandUses } from '../../db/schema.js';
import type { Db, Write } from '../../contracts/store.js';

/** Whose use it is: the platform account that typed the command. */
export interface UserKey {
  platform: string;
  senderId: string;
}

/** Adds one use of `command` by `who` (a write, committed with the message's other writes or alone). */
export function countUse(db: Db, who: UserKey, command: string, now: Date): Write {
  const at = now.getTime();
  return db
    .insert(commandUses)
    .values({ platform: who.platform, userId: who.senderId, command, uses: 1, lastAt: at })
    .onConflictDoUpdate({
      target: [commandUses.platform, commandUses.userId, commandUses.command],
      set: { uses: sql`${commandUses.uses} + 1`, lastAt: at },
    });
}

/** `who`'s commands, most used first (the latest first among equals), at most `limit`. */
export async function mostUsed(db: Db, who: UserKey, limit: number): Promise<string[]> {
  const rows = await db
    .select({ command: commandUses.command })
    .from(commandUses)
    .where(and(eq(commandUses.platform, who.platform), eq(commandUses.userId, who.senderId)))
    .orderBy(desc(commandUses.uses), desc(commandUses.lastAt))
    .limit(limit);
  return rows.map((r) => r.command);
}
