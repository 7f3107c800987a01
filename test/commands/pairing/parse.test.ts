import { describe, expect, it } from 'vitest';
import { parseHours, parseProfile, parseScore, splitSkills } from '../../../commands/pairing/parse.js';
import { parsePeriod } from '../../../commands/pairing/period.js';
import { formatTimeMask, parseTimeMask } from '../../../commands/pairing/time-words.js';
import { skillMask, typesOf } from '../../../src/services/pairing/skills.js';
import { refusal } from '../../helpers/pairing.js';

describe('free time', () => {
  it.each([
    ['周末', '周末全天'],
    ['工作日晚上', '工作日晚上'],
    ['周六上午', '周六上午'],
    ['周末 工作日晚上', '工作日晚上，周末全天'],
    ['周六上午、工作日晚上', '工作日晚上，周六上午'],
    ['周六和周日上午', '周末上午'],
    ['周一至周五晚上', '工作日晚上'],
    ['星期三下午', '周三下午'],
    ['每天晚上', '每天晚上'],
    ['随时', '不限'],
    ['周末有空', '周末全天'],
    ['上午', '每天上午'],
  ])('%s → %s', (text, shown) => {
    const mask = parseTimeMask(text, { strict: true });
    expect(mask).not.toBeNull();
    expect(formatTimeMask(mask!)).toBe(shown);
  });

  it('does not read an area or a sentence as time when strict, but picks time words out of one when not', () => {
    expect(parseTimeMask('阳光小区', { strict: true })).toBeNull();
    expect(parseTimeMask('3号楼', { strict: true })).toBeNull();
    expect(parseTimeMask('每周六上午陪同买菜')).toBe(parseTimeMask('周六上午', { strict: true }));
    expect(parseTimeMask('陪同就医')).toBe(0);
  });

  it('overlap is an AND of masks', () => {
    const weekendMorning = parseTimeMask('周末上午', { strict: true })!;
    expect(weekendMorning & parseTimeMask('周六', { strict: true })!).not.toBe(0);
    expect(weekendMorning & parseTimeMask('工作日晚上', { strict: true })!).toBe(0);
  });
});

describe('volunteer profile', () => {
  it('takes the area and free time in any order', () => {
    const a = parseProfile('护理,买菜', ['阳光小区', '周末']);
    const b = parseProfile('护理、买菜', ['周末', '阳光小区']);
    expect(a).toEqual(b);
    expect(a.skills).toEqual(['护理', '买菜']);
    expect(a.area).toBe('阳光小区');
    expect(formatTimeMask(a.freeMask)).toBe('周末全天');
    expect(parseProfile('护理', ['周六', '上午']).freeMask).toBe(parseTimeMask('周六上午', { strict: true }));
  });

  it('refuses two areas and room-level addresses', () => {
    expect(refusal(() => parseProfile('护理', ['阳光小区', '幸福小区']))).toMatch(/片区只能写一个/);
    expect(refusal(() => parseProfile('护理', ['阳光小区3号楼2单元501']))).toMatch(/门牌号/);
  });

  it('maps skills to need types', () => {
    expect(typesOf(skillMask(splitSkills('护理,买菜')))).toEqual(['助老', '助残', '医疗']);
    expect(typesOf(skillMask(['律师']))).toEqual(['法律']);
    expect(typesOf(skillMask(['数学辅导']))).toEqual(['助学']);
    expect(typesOf(skillMask(['唱歌']))).toEqual([]);
  });
});

describe('ratings', () => {
  it.each([
    ['5', 5],
    ['五星', 5],
    ['四星', 4],
    ['5星', 5],
    ['三颗星', 3],
    ['五星好评', 5],
    ['4分', 4],
    ['★★★★★', 5],
    ['★★★☆☆', 3],
    ['★★', 2],
  ])('%s = %d', (word, score) => {
    expect(parseScore(word)).toBe(score);
  });
  it.each(['6', '0', '六星', '☆☆☆☆☆', '★★★★★★', '★☆', '很好'])('%s is no rating', (word) => {
    expect(parseScore(word)).toBeNull();
  });
});

describe('volunteer profile with the area first', () => {
  it('swaps 「阳光小区 护理」 but keeps an ordinary order and a lone word', () => {
    expect(parseProfile('阳光小区', ['护理'])).toEqual(parseProfile('护理', ['阳光小区']));
    expect(parseProfile('3号楼', ['周末', '陪聊'])).toEqual(parseProfile('陪聊', ['3号楼', '周末']));
    expect(parseProfile('物业维修', ['阳光小区']).skills).toEqual(['物业维修']);
    expect(parseProfile('阳光小区', []).skills).toEqual(['阳光小区']);
  });
});

describe('durations', () => {
  it.each([
    ['1.5小时', 1.5],
    ['1.5h', 1.5],
    ['90分钟', 1.5],
    ['1小时30分', 1.5],
    ['半小时', 0.5],
    ['一个半小时', 1.5],
    ['两小时', 2],
    ['2', 2],
    ['45min', 0.75],
  ])('%s = %d hours', (text, hours) => {
    expect(parseHours(text)).toBe(hours);
  });

  it.each(['0', '25小时', '陪同', '', '-1'])('refuses %s', (text) => {
    expect(parseHours(text)).toBeNull();
  });
});

describe('export periods', () => {
  const now = new Date('2026-12-01T02:00:00Z');
  it('reads periods in the unit time zone', () => {
    expect(parsePeriod(undefined, now, 'Asia/Shanghai')).toEqual({
      label: '2026年第4季度',
      start: new Date('2026-09-30T16:00:00Z'),
      end: new Date('2026-12-31T16:00:00Z'),
    });
    expect(parsePeriod('上月', now, 'Asia/Shanghai')?.label).toBe('2026年11月');
    expect(parsePeriod('2026-03', now, 'Asia/Shanghai')?.start).toEqual(new Date('2026-02-28T16:00:00Z'));
    expect(parsePeriod('2026Q1', now, 'Asia/Shanghai')?.label).toBe('2026年第1季度');
    expect(parsePeriod('全部', now, 'Asia/Shanghai')).toEqual({ label: '全部', start: null, end: null });
    expect(parsePeriod('去年', now, 'Asia/Shanghai')?.label).toBe('2025年');
    expect(parsePeriod('明年', now, 'Asia/Shanghai')).toBeNull();
  });

  it('reads a month by name as the latest such month that has begun', () => {
    const feb = new Date('2027-02-10T02:00:00Z');
    expect(parsePeriod('12月', now, 'Asia/Shanghai')?.label).toBe('2026年12月');
    expect(parsePeriod('12月', feb, 'Asia/Shanghai')?.label).toBe('2026年12月');
    expect(parsePeriod('十一月', now, 'Asia/Shanghai')?.label).toBe('2026年11月');
    expect(parsePeriod('2月份', feb, 'Asia/Shanghai')?.label).toBe('2027年2月');
    expect(parsePeriod('上个月', feb, 'Asia/Shanghai')?.label).toBe('2027年1月');
    expect(parsePeriod('2026年11月', feb, 'Asia/Shanghai')?.label).toBe('2026年11月');
    expect(parsePeriod('13月', now, 'Asia/Shanghai')).toBeNull();
  });
});
