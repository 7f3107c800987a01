/**
 * Wall time ⇄ instant in a zone, with the semantics of contracts/time.ts (`zonedParts`,
 * `fromZoned`) but one cached formatter per zone: building an Intl.DateTimeFormat costs about
 * 120 µs, and reading one time converts several times, which alone broke the 1 ms budget.
 */
import type { WallTime, ZonedParts } from '../../contracts/time.js';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock fields `d` shows in `tz` (weekday 0 = Sunday), like contracts' zonedParts. */
export function wallOf(d: Date, tz: string): ZonedParts {
  const p: Record<string, string> = {};
  for (const part of formatter(tz).formatToParts(d)) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    weekday: WEEKDAYS.indexOf(p.weekday ?? ''),
  };
}

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
