/**
 * What `readTime` returns: typed data only. Commands turn it into sentences (./format.ts has the
 * one fixed echo form), so the reader never decides wording and tests compare data, not text.
 */

/** A part of the day named without an hour, or 'day' for a date named without any part of day. */
export type PartOfDay =
  'dawn' | 'early_morning' | 'morning' | 'noon' | 'afternoon' | 'dusk' | 'evening' | 'night' | 'day';

export interface ClockTime {
  hour: number;
  minute: number;
}

/** Clock time used when only a part of day (or only a day) was written; settable per unit. */
export type PartOfDayDefaults = Record<PartOfDay, ClockTime>;

/**
 * Meeting-friendly defaults: nobody schedules a 凌晨 meeting at midnight, and 晚上 meetings in
 * branches usually start after dinner.
 */
export const DEFAULT_PART_OF_DAY: Readonly<PartOfDayDefaults> = Object.freeze({
  dawn: { hour: 6, minute: 0 },
  early_morning: { hour: 8, minute: 0 },
  morning: { hour: 9, minute: 0 },
  noon: { hour: 12, minute: 0 },
  afternoon: { hour: 15, minute: 0 },
  dusk: { hour: 18, minute: 0 },
  evening: { hour: 19, minute: 30 },
  night: { hour: 21, minute: 0 },
  day: { hour: 9, minute: 0 },
});

/**
 * 'meeting': the time must lie ahead, so 「现在」 is already past. 'notice': a send time, where
 * 「现在」「立即」 mean "send now".
 */
export type Purpose = 'meeting' | 'notice';

export interface ReadTimeOptions {
  now: Date;
  /** IANA zone the words are meant in (the organisation's). */
  timeZone: string;
  purpose: Purpose;
  defaults?: Partial<PartOfDayDefaults>;
}

/** A calendar date in the reading's time zone. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Something the reader chose that the words did not say; the answer should mention each. */
export type Assumption =
  /** A part of day (or a bare day) without an hour took the unit's default time. */
  | { kind: 'default_time'; part: PartOfDay; hour: number; minute: number }
  /** A bare hour 1–6 was read as the afternoon (「3点」 → 15:00). */
  | { kind: 'afternoon'; hour: number }
  /** A time of day without a date had already passed today, so tomorrow was taken. */
  | { kind: 'next_day' }
  /** A weekday without 这/下 had already passed this week, so next week's was taken. */
  | { kind: 'next_week' }
  /** Which Monday–Sunday week 这周/下周 was taken to mean, when people might count otherwise. */
  | { kind: 'week'; monday: CalendarDate; sunday: CalendarDate }
  /** A day of the month without a month had passed this month, so next month's was taken. */
  | { kind: 'next_month'; year: number; month: number }
  /** A month and day without a year had passed this year, so next year's was taken. */
  | { kind: 'next_year'; year: number }
  /** 月底 / 月初 read as the last / first day of the month. */
  | { kind: 'month_end' }
  | { kind: 'month_start' }
  /** 周末 read as its Saturday. */
  | { kind: 'weekend' }
  /** 晚上12点 / 午夜 read as the midnight that ends that day. */
  | { kind: 'midnight' }
  /** 今晚2点 read as 02:00 of the next calendar day. */
  | { kind: 'after_midnight' }
  /** 明天 written between 00:00 and 05:00, read as the calendar date after today. */
  | { kind: 'late_night_tomorrow'; date: CalendarDate }
  /** 「5点多」「10点左右」: the round time was taken. */
  | { kind: 'approximate' };

export type AssumptionKind = Assumption['kind'];

export interface ReadOk {
  ok: true;
  start: Date;
  /** Set for ranges such as 「下午3点到5点」. */
  end?: Date;
  /** The time expression as it appears in the original text. */
  text: string;
  /** The original text without the time expression (whitespace at the cut joined to one space). */
  rest: string;
  assumed: Assumption[];
  /** True when nothing was assumed. */
  certain: boolean;
}

/** Why a time was refused, with what the answer needs to explain it. */
export interface RefusalParams {
  /** It lies in the past (for a meeting: not after now). */
  past: { start: Date };
  /** It lies more than six months ahead. */
  too_far: { start: Date; limit: Date };
  /** A calendar date that does not exist (2月30日, 13月). */
  no_such_date: { year?: number; month: number; day: number };
  /** A clock time that does not exist (25点, 8点70分). */
  no_such_time: { hour: number; minute: number };
  /** No time in the text, or only something that looks like one (「一点都不好」, 「零点五」). */
  not_a_time: Record<string, never>;
  /** The words name no single instant (「下个月」, 「三天内」, 「1月3日至2月10日」, 「上午15点」, 「每周三」). */
  ambiguous: {
    what: 'no_day' | 'window' | 'date_range' | 'part_conflict' | 'weekday_mismatch' | 'vague' | 'repeat';
  };
  /** A kind of date the reader does not compute (lunar dates and holidays). */
  unsupported: { what: 'lunar' };
  /** A range whose end is not after its start. */
  end_before_start: { start: Date; end: Date };
}

export type RefusalReason = keyof RefusalParams;

export type ReadRefusal = {
  [R in RefusalReason]: { ok: false; reason: R; params: RefusalParams[R]; text?: string };
}[RefusalReason];

export type ReadResult = ReadOk | ReadRefusal;
