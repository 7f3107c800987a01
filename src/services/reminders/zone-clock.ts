import type { ZonedParts } from '../../time.js';

const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * Wall-clock fields of instants in time zones with one Intl formatter per zone, kept for one
 * pass (planning 10k meetings, wording a tick's reminders): building an Intl.DateTimeFormat costs
 * far more than using one, and time.ts's zonedParts builds one per call.
 */
export class ZoneClock {
  private readonly formats = new Map<string, Intl.DateTimeFormat>();

  private format(tz: string): Intl.DateTimeFormat {
    let f = this.formats.get(tz);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz, hourCycle: 'h23', weekday: 'short',
        year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
      });
      this.formats.set(tz, f);
    }
    return f;
  }

  /** The same fields as time.ts zonedParts. */
  parts = (d: Date | number, tz: string): ZonedParts => {
    const p: Record<string, string> = {};
    for (const part of this.format(tz).formatToParts(d)) p[part.type] = part.value;
    return {
      year: Number(p.year), month: Number(p.month), day: Number(p.day),
      hour: Number(p.hour) % 24, minute: Number(p.minute), weekday: WEEKDAYS_EN.indexOf(p.weekday ?? ''),
    };
  };

  /** Minute of the day (0-1439) of instant `t` in `tz`. */
  minuteOfDay(t: number, tz: string): number {
    const p = this.parts(t, tz);
    return p.hour * 60 + p.minute;
  }
}
