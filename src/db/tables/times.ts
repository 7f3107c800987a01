import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Epoch milliseconds, like every timestamp in the database. */
const ms = (name: string) => integer(name, { mode: 'number' });

/**
 * A unit's 时间设置: the clock time a part of day written without an hour stands for (「下午」 →
 * 15:00), one row per unit and part. A part a unit does not set is inherited from the nearest
 * unit above that sets it, else the built-in default (src/command/time/types.ts).
 */
export const timeDefaults = sqliteTable(
  'time_defaults',
  {
    unitId: text('unit_id').notNull(),
    /** dawn, early_morning, morning, noon, afternoon, dusk, evening, night, or day (a date alone). */
    part: text('part').notNull(),
    /** Minutes after midnight. */
    clockMin: integer('clock_min').notNull(),
    /** Who set it (ActorRef): their member record, null for an administrator without one… */
    updatedByMemberId: text('updated_by_member_id'),
    /** …and their account, "platform:userId". */
    updatedByIdentity: text('updated_by_identity'),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.part] })],
);
