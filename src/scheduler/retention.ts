import { and, asc, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { RetentionSettings } from '../contracts/config/retention.js';
import type { Store } from '../contracts/store.js';
import {
  checkinWrongCodes,
  claimedEvents,
  conversations,
  deliveredMessages,
  outbox,
  processedMessages,
  reminders,
  schedulerRuns,
} from '../db/schema.js';

// What the bot keeps only for its own bookkeeping, and for how long (README: "What is kept, for
// how long"). Every other table holds records people made (units, members, meetings, attendance,
// notices and their confirmations, pairings, service records) or the audit log, and is not pruned
// here; households' personal data has its own erasure (结案, 删除住户).

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const rowid = sql<number>`rowid`;

/** One kind of row that is deleted once it is old enough. */
interface Rule {
  name: string;
  table: SQLiteTable;
  /** The rows to delete as of `now`; every condition is served by an index or a short table. */
  expired(now: number, s: RetentionSettings): SQL;
  /** Oldest first, where the table's rowid follows age (autoincrement ids). */
  order?: SQL;
}

export const RETENTION_RULES: readonly Rule[] = [
  {
    // Answers replayed to a repeated message; no platform re-delivers after two days.
    name: 'processed_messages',
    table: processedMessages,
    expired: (now, s) => lt(processedMessages.createdAt, now - s.ANSWERS_KEEP_HOURS * HOUR),
  },
  {
    // Claimed event ids, past the re-delivery window their adapter asked for; pending ones are
    // the inbox's to finish or give up.
    name: 'claimed_events',
    table: claimedEvents,
    expired: (now) => and(lt(claimedEvents.keepUntil, now), ne(claimedEvents.status, 'pending'))!,
  },
  {
    name: 'outbox.sent',
    table: outbox,
    expired: (now, s) => and(sql`${outbox.status} = 'sent'`, lt(outbox.sentAt, now - s.OUTBOX_SENT_KEEP_DAYS * DAY))!,
    order: asc(outbox.id),
  },
  {
    // The platform's ids of sent rows (src/outbox/rows.ts), kept as long as the rows they name.
    name: 'delivered_messages',
    table: deliveredMessages,
    expired: (now, s) => lt(deliveredMessages.sentAt, now - s.OUTBOX_SENT_KEEP_DAYS * DAY),
    order: asc(deliveredMessages.outboxId),
  },
  {
    name: 'outbox.dead',
    table: outbox,
    expired: (now, s) =>
      and(sql`${outbox.status} = 'dead'`, lt(outbox.createdAt, now - s.OUTBOX_DEAD_KEEP_DAYS * DAY))!,
    order: asc(outbox.id),
  },
  {
    name: 'conversations',
    table: conversations,
    expired: (now, s) => lt(conversations.expiresAt, now - s.CONVERSATIONS_KEEP_HOURS * HOUR),
  },
  {
    name: 'scheduler_runs',
    table: schedulerRuns,
    expired: (now, s) => lt(schedulerRuns.at, now - s.SCHEDULER_RUNS_KEEP_DAYS * DAY),
  },
  {
    name: 'reminders',
    table: reminders,
    expired: (now, s) =>
      and(inArray(reminders.status, ['sent', 'missed']), lt(reminders.dueAt, now - s.REMINDERS_DONE_KEEP_DAYS * DAY))!,
    order: asc(reminders.id),
  },
  {
    name: 'checkin_wrong_codes',
    table: checkinWrongCodes,
    expired: (now, s) => lt(checkinWrongCodes.at, now - s.CHECKIN_WRONG_CODES_KEEP_DAYS * DAY),
    order: asc(checkinWrongCodes.id),
  },
];

/** Rows deleted per rule in one pass. */
export type RetentionResult = Record<string, number>;

/**
 * One pass: for each rule, deletes expired rows RETENTION_BATCH_SIZE at a time (each its own
 * short statement, so a message waits at most for one of them), at most RETENTION_MAX_BATCHES
 * times; what is left waits for the next pass.
 */
export async function pruneExpired(store: Store, s: RetentionSettings, now: Date): Promise<RetentionResult> {
  const out: RetentionResult = {};
  const t = now.getTime();
  for (const rule of RETENTION_RULES) {
    let deleted = 0;
    for (let batch = 0; batch < s.RETENTION_MAX_BATCHES; batch++) {
      const where = rule.expired(t, s);
      const select = store.db.select({ rowid }).from(rule.table).where(where);
      const ids = (rule.order ? select.orderBy(rule.order) : select).limit(s.RETENTION_BATCH_SIZE);
      const gone = await store.db
        .delete(rule.table)
        .where(and(inArray(rowid, ids), where))
        .returning({ one: sql<number>`1` });
      deleted += gone.length;
      if (gone.length < s.RETENTION_BATCH_SIZE) break;
    }
    out[rule.name] = deleted;
  }
  return out;
}
