import { and, desc, eq, sql } from 'drizzle-orm';
import { placeholders, preparedWrite } from '../../db/prepared.js';
import { commandUses } from '../../db/schema.js';
import type { Db, Write } from '../../contracts/store.js';

/** Whose use it is: the platform account that typed the command. */
export interface UserKey {
  platform: string;
  senderId: string;
}

/**
 * The upsert of one use, built once per database: every command that runs makes one, and building
 * it with drizzle each time cost more than running it (bench/checkin.ts).
 */
const upsertUse = preparedWrite<{ platform: string; userId: string; command: string; lastAt: number }>((db) =>
  db
    .insert(commandUses)
    .values({ ...placeholders(['platform', 'userId', 'command', 'lastAt']), uses: 1 })
    .onConflictDoUpdate({
      target: [commandUses.platform, commandUses.userId, commandUses.command],
      set: { uses: sql`${commandUses.uses} + 1`, lastAt: sql`${sql.placeholder('lastAt')}` },
    }),
);

/** Adds one use of `command` by `who` (a write, committed with the message's other writes or alone). */
export function countUse(db: Db, who: UserKey, command: string, now: Date): Write {
  return upsertUse(db, { platform: who.platform, userId: who.senderId, command, lastAt: now.getTime() });
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
