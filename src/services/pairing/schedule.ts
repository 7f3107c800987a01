/**
 * Free time and needed time as a 21-bit mask: bit (day * 3 + part), day 0 = Monday … 6 = Sunday,
 * part 0 = morning, 1 = afternoon, 2 = evening. 0 means "not given" (any time). Overlap is one AND.
 * The words people use for times are read and written in commands/pairing/time-words.ts.
 */

export const DAYS_PER_WEEK = 7;
export const PARTS_PER_DAY = 3;
/** Day and part sets, as bit masks over days (bit d = day d) and over parts (bit p = part p). */
export const ALL_PARTS = 0b111;
export const ALL_DAYS = 0b1111111;
export const WEEKDAYS = 0b0011111;
export const WEEKEND = 0b1100000;
export const ALL_TIME = (1 << (DAYS_PER_WEEK * PARTS_PER_DAY)) - 1;

/** The days from `from` to `to` (wrapping past Sunday), as a day set. */
export function dayRange(from: number, to: number): number {
  let mask = 0;
  for (let d = from; ; d = (d + 1) % DAYS_PER_WEEK) {
    mask |= 1 << d;
    if (d === to) break;
  }
  return mask;
}

/** The slots of `parts` on each of `days`. */
export function spread(days: number, parts: number): number {
  let mask = 0;
  for (let d = 0; d < DAYS_PER_WEEK; d++) if (days & (1 << d)) mask |= parts << (d * PARTS_PER_DAY);
  return mask;
}

/** The parts of day `day` set in `mask`, as a part set. */
export function partsOn(mask: number, day: number): number {
  return (mask >> (day * PARTS_PER_DAY)) & ALL_PARTS;
}
