import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromZoned, zonedParts } from '../../../../src/contracts/time.js';
import { addDays, addMonths, daysBetween, isoWeekday } from '../../../../src/command/time/calendar.js';
import { zhNum, zhYear } from '../../../../src/command/time/numbers.js';
import { instantOf, wallOf } from '../../../../src/command/time/zone.js';
import { readTime } from '../../../../src/command/zh-time.js';

const ZONES = ['Asia/Shanghai', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'UTC'];
/** Characters time expressions are made of, so generated text often comes close to one. */
const PIECES = [
  '明天',
  '下周',
  '三',
  '点',
  '半',
  '下午',
  '号',
  '月',
  '日',
  '到',
  '-',
  ':',
  '1',
  '5',
  '12',
  '30',
  ' ',
  '后',
  '前',
  '周',
  '一刻',
  '晚上',
  '凌晨',
  '十',
  '天',
  '小时',
  '内',
  '每',
  '年',
  '2026',
  '.',
  '/',
  '好',
  '多',
  '會',
  '點',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((a) => a.join(''));
const now = fc.date({
  min: new Date('2020-01-01T00:00:00Z'),
  max: new Date('2035-01-01T00:00:00Z'),
  noInvalidDate: true,
});
const purpose = fc.constantFrom('meeting' as const, 'notice' as const);

describe('readTime properties', () => {
  it('never throws; a reading is a part of the text, lies ahead within the horizon, and ends after it starts', () => {
    fc.assert(
      fc.property(text, now, fc.constantFrom(...ZONES), purpose, (t, n, tz, p) => {
        const r = readTime(t, { now: n, timeZone: tz, purpose: p });
        if (!r.ok) return;
        expect(t).toContain(r.text);
        expect(r.start.getTime()).toBeGreaterThanOrEqual(n.getTime());
        expect(r.start.getTime() - n.getTime()).toBeLessThanOrEqual(185 * 86_400_000);
        if (r.end) expect(r.end.getTime()).toBeGreaterThan(r.start.getTime());
        expect(r.certain).toBe(r.assumed.length === 0);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('offsets off the calendar', () => {
  // Found by the property above: 20,262,026 weeks is beyond what a Date can hold.
  it.each(['20262026周后', '99999999999999999天后', '999999999999小时后', '99999999个月后', '20262026周前'])(
    '「%s」 is refused as too far or past, never thrown',
    (t) => {
      for (const tz of ZONES) {
        const r = readTime(t, { now: new Date('2020-01-01T00:00:00Z'), timeZone: tz, purpose: 'meeting' });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(['too_far', 'past']).toContain(r.reason);
      }
    },
  );
});

describe('zone.ts agrees with contracts/time.ts', () => {
  it('wallOf and instantOf', () => {
    fc.assert(
      fc.property(now, fc.constantFrom(...ZONES), (d, tz) => {
        expect(wallOf(d, tz)).toEqual(zonedParts(d, tz));
        const w = zonedParts(d, tz);
        const wall = { year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute };
        expect(instantOf(wall, tz).toISOString()).toBe(fromZoned(wall, tz).toISOString());
      }),
      { numRuns: 500 },
    );
  });

  it('across DST gaps and repeats', () => {
    const ny = 'America/New_York';
    for (const wall of [
      { year: 2026, month: 3, day: 8, hour: 2, minute: 30 },
      { year: 2026, month: 11, day: 1, hour: 1, minute: 30 },
    ]) {
      expect(instantOf(wall, ny).toISOString()).toBe(fromZoned(wall, ny).toISOString());
    }
  });
});

describe('numbers and calendar', () => {
  it('reads numerals', () => {
    expect([
      zhNum('十'),
      zhNum('十五'),
      zhNum('二十'),
      zhNum('廿一'),
      zhNum('零九'),
      zhNum('两'),
      zhNum('三十三'),
    ]).toEqual([10, 15, 20, 21, 9, 2, 33]);
    expect([zhNum('一二'), zhNum('十十'), zhNum('百')]).toEqual([null, null, null]);
    expect([zhYear('二零二六'), zhYear('二〇一六'), zhYear('零七'), zhYear('98'), zhYear('15')]).toEqual([
      2026, 2016, 2007, 1998, 2015,
    ]);
  });

  it('counts dates', () => {
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addMonths(2026, 11, 3)).toEqual({ year: 2027, month: 2 });
    expect(addMonths(2026, 1, -1)).toEqual({ year: 2025, month: 12 });
    expect(isoWeekday({ year: 2026, month: 12, day: 6 })).toBe(7);
    expect(daysBetween({ year: 2026, month: 12, day: 5 }, { year: 2026, month: 12, day: 18 })).toBe(13);
  });
});
