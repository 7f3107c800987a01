/** The zone of new organisations unless PIONEER_TZ says otherwise; also the fallback for a vanished unit. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** A source of the current instant, injectable so tests control time. */
export interface Clock {
  now(): Date;
}

/** The real wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(d: Date | string): void {
    this.current = new Date(d).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** Wall-clock fields of an instant in a zone; weekday 0 = Sunday. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

/** A wall-clock time in some zone (seconds are always zero). */
export type WallTime = Omit<ZonedParts, 'weekday'>;

const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const WEEKDAYS_ZH = '日一二三四五六';

/**
 * One formatter per zone: building an Intl.DateTimeFormat costs about 100 µs, using one a few
 * (a 区委's 本季度 formatted 1,600 meeting times, 180 ms). Zones come from configuration and units,
 * a handful; the map is emptied should it ever hold more than ZONE_FORMATTERS_MAX.
 */
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();
const ZONE_FORMATTERS_MAX = 256;

function zoneFormatter(tz: string): Intl.DateTimeFormat {
  let f = zoneFormatters.get(tz);
  if (!f) {
    if (zoneFormatters.size >= ZONE_FORMATTERS_MAX) zoneFormatters.clear();
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
    zoneFormatters.set(tz, f);
  }
  return f;
}

/** Splits an instant into the wall-clock fields it shows in `tz`. */
export function zonedParts(d: Date | number, tz: string): ZonedParts {
  const p: Record<string, string> = {};
  for (const part of zoneFormatter(tz).formatToParts(d)) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    weekday: WEEKDAYS_EN.indexOf(p.weekday ?? ''),
  };
}

/** Offset of `tz` from UTC at instant `ms`, in minutes (east positive). */
function offsetMinutes(ms: number, tz: string): number {
  const floored = Math.floor(ms / 60_000) * 60_000;
  const p = zonedParts(new Date(floored), tz);
  return (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - floored) / 60_000;
}

/**
 * Instant showing wall time `w` in `tz`. Out-of-range fields roll over (day 32 = next month).
 * A time skipped by a DST jump maps forward (02:30 → 03:30); a repeated one takes the earlier instant.
 */
export function fromZoned(w: WallTime, tz: string): Date {
  const utc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const before = offsetMinutes(utc - 86_400_000, tz);
  const after = offsetMinutes(utc + 86_400_000, tz);
  const valid = [before, after].map((o) => utc - o * 60_000).filter((t) => utc - offsetMinutes(t, tz) * 60_000 === t);
  return new Date(valid.length > 0 ? Math.min(...valid) : utc - before * 60_000);
}

/** Calendar quarter containing `d` in `tz`, with its bounds as instants (end exclusive). */
export function quarterOf(d: Date, tz: string): { year: number; quarter: 1 | 2 | 3 | 4; start: Date; end: Date } {
  const { year, month } = zonedParts(d, tz);
  const quarter = (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4;
  const start = fromZoned({ year, month: quarter * 3 - 2, day: 1, hour: 0, minute: 0 }, tz);
  const end = fromZoned({ year, month: quarter * 3 + 1, day: 1, hour: 0, minute: 0 }, tz);
  return { year, quarter, start, end };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Formats as '11月28日(周六) 15:00' in `timeZone`; `parts` may be a caching zonedParts for many calls. */
export function formatTime(d: Date, timeZone: string, parts: (d: Date, tz: string) => ZonedParts = zonedParts): string {
  const p = parts(d, timeZone);
  return `${p.month}月${p.day}日(周${WEEKDAYS_ZH[p.weekday]}) ${pad(p.hour)}:${pad(p.minute)}`;
}

/** Formats as '2026-11-28 15:00' in `tz`. */
export function formatDateTimeISO(d: Date, tz: string): string {
  const p = zonedParts(d, tz);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** A monthly repeat: day of month (1-28) and wall-clock time. */
export interface MonthlyRule {
  day: number;
  hour: number;
  minute: number;
}

/** First instant strictly after `after` that falls on `rule`'s day of month and time in `timeZone`. */
export function nextMonthlyOccurrence(rule: MonthlyRule, opts: { after: Date; timeZone: string }): Date {
  if (rule.day < 1 || rule.day > 28) throw new RangeError(`monthly day must be 1-28, got ${rule.day}`);
  const { year, month } = zonedParts(opts.after, opts.timeZone);
  for (let i = 0; ; i++) {
    const candidate = fromZoned(
      { year, month: month + i, day: rule.day, hour: rule.hour, minute: rule.minute },
      opts.timeZone,
    );
    if (candidate > opts.after) return candidate;
  }
}

/** A pause of a background loop that `wake()` cuts short (the relay and the scheduler rest between rounds). */
export class Rest {
  private wakeUp: (() => void) | undefined;

  /** Resolves after `ms`, or at once when woken meanwhile. */
  for(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  /** Ends the pause in progress, if any. */
  wake(): void {
    this.wakeUp?.();
  }
}
