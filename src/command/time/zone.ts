/**
 * Wall time ⇄ instant in a zone, with the semantics of contracts/time.ts (`zonedParts`,
 * `fromZoned`), whose formatter per zone is cached: reading one time converts several times.
 */
import { zonedParts, type WallTime, type ZonedParts } from '../../contracts/time.js';

/** The wall-clock fields `d` shows in `tz` (weekday 0 = Sunday): contracts' zonedParts. */
export const wallOf: (d: Date, tz: string) => ZonedParts = zonedParts;

function offsetMinutes(ms: number, tz: string): number {
  const floored = Math.floor(ms / 60_000) * 60_000;
  const p = wallOf(new Date(floored), tz);
  return (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - floored) / 60_000;
}

/**
 * The instant showing `w` in `tz`, like contracts' fromZoned: fields roll over, a time skipped by
 * a DST jump maps forward, a repeated one takes the earlier instant.
 */
export function instantOf(w: WallTime, tz: string): Date {
  const utc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const before = offsetMinutes(utc - 86_400_000, tz);
  const after = offsetMinutes(utc + 86_400_000, tz);
  const valid = (before === after ? [before] : [before, after])
    .map((o) => utc - o * 60_000)
    .filter((t) => utc - offsetMinutes(t, tz) * 60_000 === t);
  return new Date(valid.length > 0 ? Math.min(...valid) : utc - before * 60_000);
}
