import { describe, expect, it } from 'vitest';
import { parseMeetingDetails } from '../../../commands/meetings/parse.js';
import { CommandError } from '../../../src/command/errors.js';

const now = new Date('2026-12-01T02:00:00Z'); // Tuesday 10:00 in Shanghai
const unit = () => ({ timeZone: 'Asia/Shanghai' });
const parse = (text: string, defaults = {}) =>
  parseMeetingDetails(text.split(' '), now, () => ({ ...unit(), defaults }));
const msg = (text: string) => {
  try {
    parse(text);
  } catch (e) {
    return (e as CommandError).userMessage;
  }
  return 'no error';
};

describe('parseMeetingDetails', () => {
  it('reads the time, then place and title, and options anywhere', () => {
    const d = parse('明天 下午3点 3楼 学习 党章 主持人:@王书记 记录人: @李四 需签到码');
    expect(d.startsAt.toISOString()).toBe('2026-12-02T07:00:00.000Z');
    expect(d.timeText).toBe('明天 下午3点');
    expect(d).toMatchObject({
      endsAt: null,
      assumed: [],
      place: '3楼',
      title: '学习 党章',
      host: '王书记',
      recorder: '李四',
      requireCode: true,
      repeat: null,
      unitName: null,
    });
  });

  it('reads a time glued to the place, ISO times and 组织:', () => {
    expect(parse('明天下午3点党员活动室')).toMatchObject({ place: '党员活动室', title: null });
    const iso = parse('2026-12-03 15:30 会议室 组织:第二支部');
    expect(iso.startsAt.toISOString()).toBe('2026-12-03T07:30:00.000Z');
    expect(iso).toMatchObject({ place: '会议室', unitName: '第二支部' });
  });

  it('reads a range: the start and the end', () => {
    const d = parse('12月3日下午3点到5点 活动室');
    expect(d.startsAt.toISOString()).toBe('2026-12-03T07:00:00.000Z');
    expect(d.endsAt?.toISOString()).toBe('2026-12-03T09:00:00.000Z');
    expect(d.place).toBe('活动室');
    const iso = parse('2026-12-04 15:00-17:00 活动室');
    expect(iso.endsAt?.toISOString()).toBe('2026-12-04T09:00:00.000Z');
  });

  it("a day or a part of day without an hour takes the unit's default, and says so", () => {
    const d = parse('下周三下午 活动室');
    expect(d.startsAt.toISOString()).toBe('2026-12-09T07:00:00.000Z');
    expect(d.assumed).toEqual([{ kind: 'default_time', part: 'afternoon', hour: 15, minute: 0 }]);
    const own = parse('下周三下午 活动室', { afternoon: { hour: 14, minute: 30 } });
    expect(own.startsAt.toISOString()).toBe('2026-12-09T06:30:00.000Z');
    expect(parse('12月5日 活动室').assumed).toEqual([{ kind: 'default_time', part: 'day', hour: 9, minute: 0 }]);
  });

  it.each([
    ['每月15日 15:00', { day: 15, hour: 15, minute: 0 }, '2026-12-15T07:00:00.000Z'],
    ['每月15号下午3点', { day: 15, hour: 15, minute: 0 }, '2026-12-15T07:00:00.000Z'],
    ['每月1日 9:00', { day: 1, hour: 9, minute: 0 }, '2027-01-01T01:00:00.000Z'],
    ['每月28日 晚上7点半', { day: 28, hour: 19, minute: 30 }, '2026-12-28T11:30:00.000Z'],
    ['每月十五号 上午十点', { day: 15, hour: 10, minute: 0 }, '2026-12-15T02:00:00.000Z'],
    ['每月５日 ０８：３０', { day: 5, hour: 8, minute: 30 }, '2026-12-05T00:30:00.000Z'],
    ['每个月1号下午', { day: 1, hour: 15, minute: 0 }, '2026-12-01T07:00:00.000Z'],
  ])('reads the monthly repeat %s and starts at its next occurrence', (text, repeat, first) => {
    const d = parse(`${text} 活动室`);
    expect(d.repeat).toEqual(repeat);
    expect(d.startsAt.toISOString()).toBe(first);
    expect(d.place).toBe('活动室');
  });

  it('a monthly repeat with a range keeps its length', () => {
    const d = parse('每月15日 15:00-17:00 活动室');
    expect(d.endsAt!.getTime() - d.startsAt.getTime()).toBe(2 * 3_600_000);
  });

  it.each(['每月29日 9:00', '每月31号 9:00', '每周一 9:00', '每月 下午3点'])('refuses the repeat %j', (text) => {
    expect(msg(text)).toMatch(/每月例会|重复/);
  });

  it('refuses what it cannot use, saying why and naming the words', () => {
    expect(msg('今天早上8点')).toBe(
      '时间「今天早上8点」（12月1日（周二）08:00，今天）已经过去了，请写一个将来的时间。',
    );
    expect(msg('2月30日 9点')).toContain('没有 2月30日 这一天');
    expect(msg('2027年8月1日 9点')).toContain('在 6 个月以后，太远了');
    expect(msg('下个月 活动室')).toContain('「下个月」没有说是哪一天');
    expect(msg('上午15点')).toContain('前后矛盾');
    expect(msg('主持人:')).toContain('「主持人:」后面请写名字');
    expect(msg('找个时间')).toContain('没看懂时间');
    expect(msg(`明天下午3点 ${'长'.repeat(61)}`)).toContain('地点最多 60 个字');
  });
});
