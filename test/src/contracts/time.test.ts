import { describe, expect, it } from 'vitest';
import {
  ManualClock,
  formatDateTimeISO,
  formatTime,
  fromZoned,
  nextMonthlyOccurrence,
  quarterOf,
  systemClock,
  zonedParts,
} from '../../../src/contracts/time.js';

const SH = 'Asia/Shanghai';
const NOW = new Date('2026-11-27T10:00:00+08:00'); // a Friday

describe('clocks', () => {
  it('systemClock returns the current time', () => {
    const before = Date.now();
    const t = systemClock.now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it('ManualClock is set, advanced, and hands out copies', () => {
    const clock = new ManualClock('2026-11-27T10:00:00+08:00');
    expect(clock.now().toISOString()).toBe('2026-11-27T02:00:00.000Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-11-27T02:01:30.000Z');
    clock.set(new Date('2027-01-01T00:00:00Z'));
    const d = clock.now();
    d.setTime(0);
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('nextMonthlyOccurrence', () => {
  const rule = { day: 15, hour: 15, minute: 0 };
  it('finds this month when still ahead', () => {
    const after = new Date('2026-11-10T00:00:00+08:00');
    expect(nextMonthlyOccurrence(rule, { after, timeZone: SH }).toISOString()).toBe(
      new Date('2026-11-15T15:00:00+08:00').toISOString(),
    );
  });

  it('is strictly after, and rolls over the year', () => {
    const exact = new Date('2026-12-15T15:00:00+08:00');
    expect(nextMonthlyOccurrence(rule, { after: exact, timeZone: SH }).toISOString()).toBe(
      new Date('2027-01-15T15:00:00+08:00').toISOString(),
    );
  });

  it('follows DST in the zone', () => {
    const after = new Date('2027-03-20T00:00:00Z');
    expect(
      nextMonthlyOccurrence({ day: 1, hour: 9, minute: 0 }, { after, timeZone: 'Europe/London' }).toISOString(),
    ).toBe('2027-04-01T08:00:00.000Z');
  });

  it('rejects days beyond 28', () => {
    expect(() => nextMonthlyOccurrence({ day: 31, hour: 9, minute: 0 }, { after: NOW, timeZone: SH })).toThrow(
      RangeError,
    );
  });
});

describe('formatting', () => {
  const d = new Date('2026-11-28T15:00:00+08:00');
  it('formatTime', () => {
    expect(formatTime(d, SH)).toBe('11月28日(周六) 15:00');
    expect(formatTime(new Date('2026-11-29T09:05:00+08:00'), SH)).toBe('11月29日(周日) 09:05');
    expect(formatTime(d, 'Europe/London')).toBe('11月28日(周六) 07:00');
  });

  it('formatDateTimeISO', () => {
    expect(formatDateTimeISO(d, SH)).toBe('2026-11-28 15:00');
    expect(formatDateTimeISO(new Date('2026-12-31T16:30:00Z'), SH)).toBe('2027-01-01 00:30');
  });
});

describe('zonedParts / fromZoned', () => {
  it('splits an instant in a zone', () => {
    expect(zonedParts(new Date('2026-11-27T16:30:00Z'), SH)).toEqual({
      year: 2026,
      month: 11,
      day: 28,
      hour: 0,
      minute: 30,
      weekday: 6,
    });
  });

  it('round-trips wall time', () => {
    const w = { year: 2026, month: 11, day: 28, hour: 15, minute: 0 };
    expect(fromZoned(w, SH).toISOString()).toBe('2026-11-28T07:00:00.000Z');
    expect(fromZoned(w, 'Europe/London').toISOString()).toBe('2026-11-28T15:00:00.000Z');
  });

  it('handles DST in both directions', () => {
    const ny = 'America/New_York';
    expect(fromZoned({ year: 2026, month: 7, day: 1, hour: 9, minute: 0 }, ny).toISOString()).toBe(
      '2026-07-01T13:00:00.000Z',
    );
    expect(fromZoned({ year: 2026, month: 12, day: 1, hour: 9, minute: 0 }, ny).toISOString()).toBe(
      '2026-12-01T14:00:00.000Z',
    );
    // 02:30 does not exist on 2026-03-08 in New York: maps forward to 03:30 EDT.
    expect(fromZoned({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, ny).toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    // 01:30 happens twice on 2026-11-01: the earlier (EDT) one is chosen.
    expect(fromZoned({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, ny).toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });
});

describe('quarterOf', () => {
  it('gives the quarter and its bounds in the zone', () => {
    const q = quarterOf(new Date('2026-11-27T10:00:00+08:00'), SH);
    expect(q.year).toBe(2026);
    expect(q.quarter).toBe(4);
    expect(q.start.toISOString()).toBe(new Date('2026-10-01T00:00:00+08:00').toISOString());
    expect(q.end.toISOString()).toBe(new Date('2027-01-01T00:00:00+08:00').toISOString());
  });

  it('uses the zone to decide the quarter', () => {
    // 2026-03-31T17:00Z is already April 1st in Shanghai.
    const q = quarterOf(new Date('2026-03-31T17:00:00Z'), SH);
    expect(q.quarter).toBe(2);
    expect(q.start.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(q.end.toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(quarterOf(new Date('2026-03-31T17:00:00Z'), 'UTC').quarter).toBe(1);
  });
});
