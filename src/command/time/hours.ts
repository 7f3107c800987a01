/**
 * The clock hour a written hour means. 「3点」 for a meeting is 15:00 (nobody meets at 3 in the
 * night); after a part of day the part decides (晚上8点 20:00, 中午1点 13:00, 凌晨12点 00:00), and
 * 晚上/夜里 hours past midnight belong to the next calendar day (今晚2点 → 02:00 tomorrow).
 */
import type { ClockSpec } from './spec.js';
import type { Assumption, PartOfDay, PartOfDayDefaults } from './types.js';

/** Seconds after the day's midnight (86,400 or more: on the next day), and what was assumed. */
export interface ClockRead {
  seconds: number;
  assumed: Assumption[];
}

export type ClockProblem = { problem: 'no_such_time'; hour: number; minute: number } | { problem: 'part_conflict' };

const H = 3600;

/** 24-hour hour for `h` said after `part`: hours ≥ 24 fall on the next day; null when they conflict. */
function hourInPart(part: PartOfDay, h: number): { hour: number; kind?: 'midnight' | 'after_midnight' } | null {
  if (h >= 13) return part === 'dawn' || part === 'early_morning' || part === 'morning' ? null : { hour: h };
  switch (part) {
    case 'dawn':
      return { hour: h === 12 ? 0 : h };
    case 'early_morning':
    case 'morning':
      return { hour: h };
    case 'noon':
      return { hour: h <= 5 ? h + 12 : h };
    case 'afternoon':
    case 'dusk':
      return h === 0 ? null : { hour: h === 12 ? 12 : h + 12 };
    case 'evening':
    case 'night': {
      if (h === 12 || h === 0) return { hour: 24, kind: 'midnight' };
      const small = part === 'evening' ? 4 : 5;
      return h <= small ? { hour: 24 + h, kind: 'after_midnight' } : { hour: h + 12 };
    }
    case 'day':
      return { hour: h >= 1 && h <= 6 ? h + 12 : h };
  }
}

/**
 * Reads `clock` into seconds of the day. Parts and meridiems missing from `clock` are taken from
 * `inherit` (the start of a range lends its 下午 to 「到5点」).
 */
export function readClock(
  clock: ClockSpec | undefined,
  defaults: PartOfDayDefaults,
  inherit?: Pick<ClockSpec, 'part' | 'meridiem'>,
): ClockRead | ClockProblem {
  if (clock?.midnight) return { seconds: 24 * H, assumed: [{ kind: 'midnight' }] };
  if (clock?.hour === undefined) {
    const part = clock?.part ?? 'day';
    const d = defaults[part];
    const assumed: Assumption[] = [{ kind: 'default_time', part, hour: d.hour, minute: d.minute }];
    return { seconds: d.hour * H + d.minute * 60, assumed };
  }
  const { hour: h, minute, second } = clock;
  if (minute > 59 || second > 59 || h > 24 || (h === 24 && minute + second > 0)) {
    return { problem: 'no_such_time', hour: h, minute };
  }
  const assumed: Assumption[] = clock.approx ? [{ kind: 'approximate' }] : [];
  const part = clock.part ?? (clock.meridiem ? undefined : inherit?.part);
  const meridiem = clock.meridiem ?? (clock.part ? undefined : inherit?.meridiem);
  let hour: number;
  if (meridiem) {
    if (h > 12) return { problem: 'part_conflict' };
    hour = meridiem === 'pm' ? (h === 12 ? 12 : h + 12) : h === 12 ? 0 : h;
  } else if (part) {
    const r = hourInPart(part, h);
    if (!r) return { problem: 'part_conflict' };
    hour = r.hour;
    if (r.kind) assumed.push({ kind: r.kind });
  } else if (h >= 1 && h <= 6 && !clock.padded) {
    hour = h + 12;
    if (!inherit) assumed.push({ kind: 'afternoon', hour: h });
  } else hour = h;
  return { seconds: hour * H + minute * 60 + second, assumed };
}
