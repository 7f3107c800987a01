import { zonedParts, type ZonedParts } from '../../contracts/time.js';

const MIN = 60_000;
const DAY = 86_400_000;

/**
 * Wall-clock fields of instants in time zones, kept for one pass (planning 10k meetings, wording a
 * tick's reminders): each zone's UTC offset per day is remembered, so most instants need no Intl call.
 */
export class ZoneClock {
  /** "zone:UTC day" → the zone's offset in minutes when it is the same all that day, else null. */
  private readonly dayOffsets = new Map<string, number | null>();

  /** The same fields as time.ts zonedParts (which it is: one Intl formatter per zone). */
  parts = (d: Date | number, tz: string): ZonedParts => zonedParts(d, tz);

  /** Offset of `tz` from UTC at instant `t`, in minutes (east positive). */
  private offsetAt(t: number, tz: string): number {
    const floored = Math.floor(t / MIN) * MIN;
    const p = this.parts(floored, tz);
    return (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - floored) / MIN;
  }

  /**
   * Minute of the day (0-1439) of instant `t` in `tz`. Arithmetic on the zone's offset, which is
   * read twice per zone and UTC day (planning 30k reminders makes a few hundred Intl calls, not 30k);
   * on a day when the offset changes, every instant is asked of Intl.
   */
  minuteOfDay(t: number, tz: string): number {
    const day = Math.floor(t / DAY);
    const key = `${tz}:${day}`;
    let offset = this.dayOffsets.get(key);
    if (offset === undefined) {
      const first = this.offsetAt(day * DAY, tz);
      offset = first === this.offsetAt((day + 1) * DAY - MIN, tz) ? first : null;
      this.dayOffsets.set(key, offset);
    }
    const local = Math.floor(t / MIN) + (offset ?? this.offsetAt(t, tz));
    return ((local % 1440) + 1440) % 1440;
  }
}
