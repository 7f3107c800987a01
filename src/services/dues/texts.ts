import type { Month } from './months.js';

// What the monthly dues job says, as facts; commands/dues/texts.ts writes the words and the runtime
// injects them (SchedulerTexts in src/scheduler/scheduler.ts). Amounts are in fen; no base appears.

/** One member's dues for one month, as listed. */
export interface DuesLine {
  name: string;
  dueCents: number;
  paidCents: number;
}

/** A member's monthly reminder, by direct message. */
export interface DuesReminderFacts {
  unitName: string;
  month: Month;
  /** What this month still asks (its remainder when part paid). */
  dueCents: number;
  /** Earlier months still owing, oldest first, with what each still asks. */
  earlier: { month: Month; cents: number }[];
}

/** How a unit's month stands: what 党费 shows officers and what they get a week after the reminder. */
export interface DuesMonthFacts {
  unitName: string;
  month: Month;
  paid: DuesLine[];
  short: DuesLine[];
  unpaid: DuesLine[];
  exempt: string[];
  /** Party members with no base recorded yet. */
  noBasis: string[];
  /** Collected for this month (payments that stand) and what the month asks in all. */
  collectedCents: number;
  dueCents: number;
}

/** Members unpaid several months in a row, for the 书记. */
export interface DuesBehindFacts {
  unitName: string;
  month: Month;
  people: { name: string; months: number; since: Month }[];
  /** The threshold of the 自行脱党 rule (6). */
  lapseMonths: number;
}

export interface DuesTexts {
  reminder(f: DuesReminderFacts): string;
  unpaid(f: DuesMonthFacts): string;
  behind(f: DuesBehindFacts): string;
}
