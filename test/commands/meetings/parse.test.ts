import { describe, expect, it } from 'vitest';
import { parseMeetingDetails } from '../../../commands/meetings/parse.js';
import { CommandError } from '../../../src/command/errors.js';

const now = new Date('2026-12-01T02:00:00Z'); // 10:00 in Shanghai
const tz = () => 'Asia/Shanghai';
const parse = (text: string) => parseMeetingDetails(text.split(' '), now, tz);

describe('parseMeetingDetails', () => {
  it('reads the time, then place and title, and options anywhere', () => {
    const d = parse('明天 下午3点 3楼 学习 党章 主持人:@王书记 记录人: @李四 需签到码');
    expect(d.startsAt.toISOString()).toBe('2026-12-02T07:00:00.000Z');
    expect(d.timeText).toBe('明天 下午3点');
    expect(d).toMatchObject({
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

  it('reads a monthly repeat and starts at its next occurrence', () => {
    const d = parse('每月1日 9:00 活动室');
    expect(d.repeat).toEqual({ day: 1, hour: 9, minute: 0 });
    expect(d.startsAt.toISOString()).toBe('2027-01-01T01:00:00.000Z');
    expect(d.place).toBe('活动室');
  });

  it('refuses what it cannot use, naming the words', () => {
    const msg = (text: string) => {
      try {
        parse(text);
      } catch (e) {
        return (e as CommandError).userMessage;
      }
      return 'no error';
    };
    expect(msg('12月5日 活动室')).toContain('「12月5日」没有写几点开始');
    expect(msg('今天早上8点')).toContain('已经过去了');
    expect(msg('主持人:')).toContain('「主持人:」后面请写名字');
    expect(msg('找个时间')).toContain('没看懂时间「找个时间」');
    expect(msg(`明天下午3点 ${'长'.repeat(61)}`)).toContain('地点最多 60 个字');
  });
});
