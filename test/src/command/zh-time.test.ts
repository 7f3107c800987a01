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
import { parseChineseTime, parseMonthlyRepeat } from '../../../src/command/zh-time.js';

const SH = 'Asia/Shanghai';
const NOW = new Date('2026-11-27T10:00:00+08:00'); // a Friday

function parse(text: string, now: Date = NOW, timeZone = SH) {
  return parseChineseTime(text, { now, timeZone });
}

function iso(text: string, now: Date = NOW, timeZone = SH): string | undefined {
  return parse(text, now, timeZone)?.date.toISOString();
}

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

describe('parseChineseTime', () => {
  it.each([
    ['明天下午3点', '2026-11-28T15:00:00+08:00'],
    ['周五晚7点半', '2026-11-27T19:30:00+08:00'],
    ['3月15日 9:00', '2027-03-15T09:00:00+08:00'],
    ['下周一上午', '2026-11-30T09:00:00+08:00'],
    ['2026-12-01 15:00', '2026-12-01T15:00:00+08:00'],
    ['2026-12-01T15:00', '2026-12-01T15:00:00+08:00'],
    ['2026/12/1 15:00', '2026-12-01T15:00:00+08:00'],
    ['明天 15:00', '2026-11-28T15:00:00+08:00'],
    ['后天上午9点', '2026-11-29T09:00:00+08:00'],
    ['12月1日下午2点半', '2026-12-01T14:30:00+08:00'],
    ['今晚8点', '2026-11-27T20:00:00+08:00'],
    ['下周三 14:30', '2026-12-02T14:30:00+08:00'],
    ['周六上午10点', '2026-11-28T10:00:00+08:00'],
    ['明天下午', '2026-11-28T14:00:00+08:00'],
    ['明天晚上', '2026-11-28T19:00:00+08:00'],
    ['明天中午', '2026-11-28T12:00:00+08:00'],
    ['下午3点', '2026-11-27T15:00:00+08:00'],
    ['周五 晚上 7点半', '2026-11-27T19:30:00+08:00'],
    ['中午1点', '2026-11-27T13:00:00+08:00'],
    ['傍晚6点', '2026-11-27T18:00:00+08:00'],
    ['明天下午三点', '2026-11-28T15:00:00+08:00'],
    ['12月1日，15:00', '2026-12-01T15:00:00+08:00'],
    ['12.1 15:00', '2026-12-01T15:00:00+08:00'],
    ['12/1 下午3点', '2026-12-01T15:00:00+08:00'],
    ['今天下午5点一刻', '2026-11-27T17:15:00+08:00'],
    ['明早8点', '2026-11-28T08:00:00+08:00'],
    ['现在', '2026-11-27T10:00:00+08:00'],
  ])('%s → %s', (text, expected) => {
    const r = parse(text);
    expect(r?.date.toISOString()).toBe(new Date(expected).toISOString());
    expect(r?.timeCertain).toBe(true);
  });

  it('returns the matched substring of the original text', () => {
    expect(parse('提醒我明天下午3点开会')?.text).toBe('明天下午3点');
    expect(parse('周五晚7点半 聚餐')?.text).toBe('周五晚7点半');
    expect(parse('下周一上午交材料')?.text).toBe('下周一上午');
    expect(parse('  2026/12/1 15:00 ')?.text).toBe('2026/12/1 15:00');
    expect(parse('下午好，明天下午3点开会')?.text).toBe('明天下午3点');
  });

  it('moves a weekday whose time has passed today to next week', () => {
    const fridayEvening = new Date('2026-11-27T20:00:00+08:00');
    expect(iso('周五晚7点半', fridayEvening)).toBe(new Date('2026-12-04T19:30:00+08:00').toISOString());
    expect(iso('周五 19:30', fridayEvening)).toBe(new Date('2026-12-04T19:30:00+08:00').toISOString());
  });

  it('moves a bare time that has passed to tomorrow', () => {
    expect(iso('9:00')).toBe(new Date('2026-11-28T09:00:00+08:00').toISOString());
    expect(iso('15:00')).toBe(new Date('2026-11-27T15:00:00+08:00').toISOString());
  });

  it('resolves weekdays by the zone, not the process clock', () => {
    // 01:00 Friday in Shanghai is still Thursday in UTC.
    const early = new Date('2026-11-27T01:00:00+08:00');
    expect(iso('明天下午3点', early)).toBe(new Date('2026-11-28T15:00:00+08:00').toISOString());
    expect(iso('周六上午10点', early)).toBe(new Date('2026-11-28T10:00:00+08:00').toISOString());
  });

  it('accepts full-width digits and colon', () => {
    expect(iso('明天１５：００')).toBe(new Date('2026-11-28T15:00:00+08:00').toISOString());
    expect(parse('明天　１５：００')?.text).toBe('明天　１５：００');
  });

  it('gives a date without a time at 09:00 with timeCertain false', () => {
    const tomorrow = parse('明天');
    expect(tomorrow?.date.toISOString()).toBe(new Date('2026-11-28T09:00:00+08:00').toISOString());
    expect(tomorrow?.timeCertain).toBe(false);
    const dec1 = parse('12月1日');
    expect(dec1?.date.toISOString()).toBe(new Date('2026-12-01T09:00:00+08:00').toISOString());
    expect(dec1?.timeCertain).toBe(false);
  });

  it.each(['随便', '', 'abc', '下午好', '晚上12点', '1.5小时'])('returns null for %j', (text) => {
    expect(parse(text)).toBeNull();
  });

  it('reads the time in another zone', () => {
    expect(iso('明天下午3点', NOW, 'Europe/London')).toBe('2026-11-28T15:00:00.000Z');
    // It is still Thursday evening in New York, so 明天 is Friday there.
    expect(iso('明天下午3点', NOW, 'America/New_York')).toBe('2026-11-27T20:00:00.000Z');
  });

  it('uses the zone offset of the target date across DST', () => {
    // Reference in London winter (GMT); the target is in summer time (BST).
    const winter = new Date('2027-03-20T12:00:00Z');
    expect(iso('4月1日 15:00', winter, 'Europe/London')).toBe('2027-04-01T14:00:00.000Z');
  });
});

describe('parseMonthlyRepeat', () => {
  it.each([
    ['每月15日 15:00', { day: 15, hour: 15, minute: 0 }],
    ['每月15号下午3点', { day: 15, hour: 15, minute: 0 }],
    ['每月1日 9:00', { day: 1, hour: 9, minute: 0 }],
    ['每月28日 晚上7点半', { day: 28, hour: 19, minute: 30 }],
    ['每月十五号 上午十点', { day: 15, hour: 10, minute: 0 }],
    ['每月５日 ０８：３０', { day: 5, hour: 8, minute: 30 }],
  ])('%s', (text, expected) => {
    expect(parseMonthlyRepeat(text)).toEqual(expected);
  });

  it.each(['每月29日 9:00', '每月31号 9:00', '每月0日 9:00', '每月15日', '每周一 9:00', '每月15日 25:00', ''])(
    'refuses %j',
    (text) => {
      expect(parseMonthlyRepeat(text)).toBeNull();
    },
  );
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
