import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * How often each person used each command (by platform account, so strangers count too): 帮助 in a
 * group lists a person's most used commands instead of the whole list (commands/help/help.ts).
 */
export const commandUses = sqliteTable(
  'command_uses',
  {
    platform: text('platform').notNull(),
    userId: text('user_id').notNull(),
    /** The command's primary name (别名 count as the command). */
    command: text('command').notNull(),
    uses: integer('uses').notNull(),
    lastAt: integer('last_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.userId, t.command] }),
    index('command_uses_user_idx').on(t.platform, t.userId),
  ],
);
