import { describe, expect, it } from 'vitest';
import { describeAssumption, formatUnderstood, readTime, type ReadOk } from '../../../../src/command/zh-time.js';

const SH = 'Asia/Shanghai';
const NOW = new Date('2026-12-05T10:00:00+08:00'); // a Saturday
const read = (text: string, now = NOW) => readTime(text, { now, timeZone: SH, purpose: 'meeting' }) as ReadOk;

describe('formatUnderstood', () => {
  it('gives the fixed form with the weekday and how far away', () => {
    expect(formatUnderstood(read('12月18日下午3点'), NOW, SH)).toBe('12月18日（周五）15:00，13 天后');
  });

  it('says 今天 and 明天 instead of a count', () => {
    expect(formatUnderstood(read('下午3点'), NOW, SH)).toBe('12月5日（周六）15:00，今天');
    expect(formatUnderstood(read('明天上午9点'), NOW, SH)).toBe('12月6日（周日）09:00，明天');
  });

  it('shows the year when it is not this year', () => {
    expect(formatUnderstood(read('1月5日下午3点'), NOW, SH)).toBe('2027年1月5日（周二）15:00，31 天后');
  });

  it('shows a range on one day, and across days', () => {
    expect(formatUnderstood(read('下午3点到5点'), NOW, SH)).toBe('12月5日（周六）15:00–17:00，今天');
    expect(formatUnderstood(read('晚上11点到凌晨2点'), NOW, SH)).toBe(
      '12月5日（周六）23:00 至 12月6日（周日）02:00，今天',
    );
  });

  it('counts days in the zone, not in UTC', () => {
    const late = new Date('2026-12-05T23:30:00+08:00');
    expect(formatUnderstood(read('明天上午9点', late), late, SH)).toBe('12月6日（周日）09:00，明天');
  });
});

describe('describeAssumption', () => {
  it('words each assumption briefly', () => {
    const notes = (text: string, now = NOW) => read(text, now).assumed.map(describeAssumption);
    expect(notes('明天下午')).toEqual(['“下午”按 15:00 计']);
    expect(notes('三点')).toEqual(['“3点”按下午 15:00 计']);
    expect(notes('下周三', new Date('2026-12-06T10:00:00+08:00'))).toEqual([
      '一周按周一到周日算，指 12月7日–12月13日 这一周',
      '没写几点，按 09:00 计',
    ]);
    expect(notes('元旦上午10点')).toEqual(['今年这一天已过，按 2027 年计']);
  });
});
