import type { Mention } from '../../contracts/message.js';
import type { ZonedParts } from '../../contracts/time.js';
import type { TypeCount } from '../meetings/quarter.js';
import type { Meeting } from '../meetings/meetings.js';
import type { UnfinishedRecord } from '../records/unfinished.js';

// What the messages the scheduler sends without a command say is chat text: the runtime injects
// an implementation (commands/reminders/texts.ts). The services decide who is reminded and
// mentioned, and when; these types are the facts they hand over.

/** One reminder of one meeting in one chat, as of the moment it fires. */
export interface ReminderFacts {
  meeting: Meeting;
  unitName: string;
  timeZone: string;
  now: Date;
  /** When check-in opens (it may already be open). */
  checkinOpensAt: Date;
  /** Expected members of this chat's units with neither a check-in nor a leave, in roster order. */
  pendingCount: number;
  /** Those of them the message @-mentions. */
  mentioned: readonly Mention[];
  /** The names of the others, in roster order. */
  others: readonly string[];
  /** Most of `others` to name before the rest are counted (REMINDER_NAMES_MAX). */
  namesMax: number;
  /** Wall-clock fields, with the pass's formatter cache (one Intl formatter per zone). */
  parts: (d: Date, tz: string) => ZonedParts;
}

/** A notice past its deadline that some have not confirmed, as the digest lists it (services/notices/deadline.ts). */
export interface OverdueNotice {
  id: number;
  title: string | null;
  deadlineAt: number;
  confirmed: number;
  expected: number;
}

/** The weekly 本季度 digest of one unit to its officers: what it and the units below still owe. */
export interface QuarterDigestFacts {
  unitName: string;
  timeZone: string;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  now: Date;
  /** The quarter's end (exclusive). */
  quarterEnd: Date;
  /** Units with at least one meeting type held fewer times than required; only those types. */
  owed: readonly { unitName: string; counts: readonly TypeCount[] }[];
  /** Meetings held this quarter without minutes or without the 主持人's confirmation. */
  unfinished: readonly UnfinishedRecord[];
  /** Notices past their deadline that some have not confirmed (services/notices/deadline.ts). */
  overdueNotices?: readonly OverdueNotice[];
}

/** The texts of reminders and digests. */
export interface ReminderTexts {
  reminder(facts: ReminderFacts): string;
  quarterDigest(facts: QuarterDigestFacts): string;
}
