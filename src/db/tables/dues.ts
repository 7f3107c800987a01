import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Epoch milliseconds, like every timestamp in the database. */
const ms = (name: string) => integer(name, { mode: 'number' });

/**
 * A member's 党费 basis from a month on (党费基数), append-only: the basis of month M is the latest
 * row with `from_month` <= M. The base (税后工资收入 or pension) is personal data and is stored only
 * sealed (services/crypto.ts, bound to the member and the month); the kind and a unit-decided fixed
 * amount are not personal. The first row's month is the first month the member owes (预备党员: the
 * month the 支部大会 accepted them).
 */
export const duesBases = sqliteTable(
  'dues_bases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: text('member_id').notNull(),
    /** The unit that owns the member's dues when the row was written (their branch). */
    unitId: text('unit_id').notNull(),
    /** First month it applies to, as yyyymm (202612). */
    fromMonth: integer('from_month').notNull(),
    kind: text('kind', { enum: ['salary', 'retiree', 'low_income', 'fixed'] }).notNull(),
    /** The sealed base in fen ("enc1.…"), for salary and retiree; null for the fixed kinds. */
    baseEnc: text('base_enc'),
    /** The monthly amount in fen the unit decided on (kind fixed). */
    fixedCents: integer('fixed_cents'),
    /** Where it came from: a chat command or an XLSX upload. */
    source: text('source', { enum: ['chat', 'xlsx'] }).notNull(),
    /** Who set it (ActorRef): their member record, null for an administrator without one… */
    setByMemberId: text('set_by_member_id'),
    /** …and their account, "platform:userId". */
    setByIdentity: text('set_by_identity').notNull(),
    setAt: ms('set_at').notNull(),
  },
  (t) => [index('dues_bases_member_idx').on(t.memberId, t.fromMonth)],
);

/**
 * One recorded payment of one member for one month (交党费). Never updated or deleted: a mistake
 * is reversed (dues_reversals) and recorded again. `id` is the number people type (max + 1).
 */
export const duesPayments = sqliteTable(
  'dues_payments',
  {
    id: integer('id').primaryKey(),
    memberId: text('member_id').notNull(),
    /** The unit whose ledger it belongs to (the member's branch when it was recorded). */
    unitId: text('unit_id').notNull(),
    /** The month it pays for, yyyymm. */
    month: integer('month').notNull(),
    amountCents: integer('amount_cents').notNull(),
    /** 代交: paid on the member's behalf (a relative, another member), with the payer's name if given. */
    proxy: integer('proxy', { mode: 'boolean' }).notNull().default(false),
    proxyName: text('proxy_name'),
    /** Who recorded it (ActorRef columns). */
    recordedByMemberId: text('recorded_by_member_id'),
    recordedByIdentity: text('recorded_by_identity').notNull(),
    recordedAt: ms('recorded_at').notNull(),
  },
  (t) => [
    index('dues_payments_unit_month_idx').on(t.unitId, t.month),
    index('dues_payments_member_month_idx').on(t.memberId, t.month),
  ],
);

/** The reversal of a payment (撤销), with its reason; the primary key makes it happen once. */
export const duesReversals = sqliteTable('dues_reversals', {
  paymentId: integer('payment_id').primaryKey(),
  reason: text('reason').notNull(),
  byMemberId: text('by_member_id'),
  byIdentity: text('by_identity').notNull(),
  at: ms('at').notNull(),
});

/** A unit's 党费设置: the day of the month members are reminded (default DUES_REMINDER_DAY). */
export const duesSettings = sqliteTable('dues_settings', {
  unitId: text('unit_id').primaryKey(),
  reminderDay: integer('reminder_day').notNull(),
  updatedByMemberId: text('updated_by_member_id'),
  updatedByIdentity: text('updated_by_identity').notNull(),
  updatedAt: ms('updated_at').notNull(),
});

/**
 * What the monthly dues job did: one row per unit, month and kind (the members' reminders, the
 * officers' unpaid list), written with its messages, so each runs once across restarts and
 * processes. Kept (a few rows per unit a year), unlike scheduler_runs, which is pruned.
 */
export const duesRuns = sqliteTable(
  'dues_runs',
  {
    unitId: text('unit_id').notNull(),
    month: integer('month').notNull(),
    kind: text('kind', { enum: ['remind', 'officers'] }).notNull(),
    at: ms('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.month, t.kind] })],
);

/** Upload links of 党费导入 already used: each link imports once. */
export const duesImports = sqliteTable('dues_imports', {
  linkId: text('link_id').primaryKey(),
  unitId: text('unit_id').notNull(),
  rows: integer('rows').notNull(),
  at: ms('at').notNull(),
});
