import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMeeting } from '../../../src/services/meetings/meetings.js';
import { meetingBook, quarterBook } from '../../../src/services/meetings/export-files.js';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';

// Meeting times as the commands read and echo them: the fixed form with the weekday and how far
// away, the year when it is not this year, the default taken and why a time is refused; ranges
// stored as the meeting's end and shown where its time is shown.

let t: TestCore;
beforeEach(async () => {
  t = await createTestCore(); // 2026-12-01 (Tuesday) 10:00 in Shanghai
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
});
afterEach(async () => {
  await t.close();
});

const g1 = (from: string, text: string) => t.say({ from, chat: 'g1', text });
const timeLine = (reply: string) => reply.split('\n').find((l) => l.startsWith('时间：'));

describe('the understood time, echoed in one fixed form', () => {
  it.each([
    ['会议 党课 12月18日下午3点', '时间：12月18日（周五）15:00，17 天后'],
    ['会议 党课 明天下午3点', '时间：12月2日（周三）15:00，明天'],
    ['会议 党课 今天下午3点', '时间：12月1日（周二）15:00，今天'],
    ['会议 党课 下周三下午', '时间：12月9日（周三）15:00，8 天后（“下午”按 15:00 计）'],
    ['会议 党课 三点', '时间：12月1日（周二）15:00，今天（“3点”按下午 15:00 计）'],
    ['会议 党课 1月5日 15:00', '时间：2027年1月5日（周二）15:00，35 天后（今年这一天已过，按 2027 年计）'],
    ['会议 党课 下午3点到5点', '时间：12月1日（周二）15:00–17:00，今天'],
  ])('%s → %s', async (text, line) => {
    expect(timeLine(await g1('sec', text))).toBe(line);
  });

  it.each([
    ['会议 党课 昨晚8点', '已经过去了'],
    ['会议 党课 6个小时前', '已经过去了'],
    ['会议 党课 2027年8月1日 15:00', '在 6 个月以后，太远了'],
    ['会议 党课 2月30日下午3点', '没有 2月30日 这一天'],
    ['会议 党课 25点', '没有 25:00 这个时刻'],
    ['会议 党课 下个月', '「下个月」没有说是哪一天'],
    ['会议 党课 三天内', '是一段时间，不是一个时刻'],
    ['会议 党课 上午15点', '前后矛盾'],
    ['会议 党课 春节', '暂不支持农历日期和节日'],
    ['会议 党课 每周三下午3点', '是重复的时间'],
    ['会议 党课 一点都不好', '没看懂时间'],
  ])('%s is refused: %s', async (text, why) => {
    expect(await g1('sec', text)).toContain(why);
    expect(await rows(t, 'SELECT id FROM meetings')).toEqual([]);
  });

  it('a date already past this year is refused, not moved to next year', async () => {
    at(t, '2026-12-06 10:00');
    expect(await g1('sec', '会议 党课 12月5日 15:00')).toContain('已经过去了');
    expect(await rows(t, 'SELECT id FROM meetings')).toEqual([]);
  });
});

describe('a range: the end stored and shown, the check-in window from the start', () => {
  it('会议, 会议列表, 考勤 and the exports show it', async () => {
    const created = await g1('sec', '会议 党员大会 12月3日下午3点到5点 党员活动室');
    expect(created).toContain('时间：12月3日（周四）15:00–17:00，2 天后');
    expect(created).toContain('签到：14:30 至 15:30（15:00 后签到记为迟到）');
    const m = (await loadMeeting(t.store.db, 1))!;
    expect(new Date(m.endsAt!).toISOString()).toBe('2026-12-03T09:00:00.000Z');
    expect(await g1('u1', '会议列表')).toContain('#1 党员大会 12月3日(周四) 15:00–17:00 · 党员活动室');
    expect(await g1('sec', '考勤 1')).toContain('考勤 #1 党员大会 12月3日(周四) 15:00–17:00 · 党员活动室');
    const tree = await t.core.deps.cache.tree(t.store.db);
    const book = await meetingBook(t.store.db, tree, m, t.clock.now());
    expect(book.sheets[0]!.rows[1]![2]).toBe('2026-12-03 15:00-17:00');
    const unit = tree.findByName('第一支部')!;
    const quarter = await quarterBook(t.store.db, tree, unit.id, 2026, 4, t.clock.now());
    const listed = quarter.sheets.flatMap((s) => s.rows).find((r) => r[0] === 1);
    expect(listed?.[2]).toBe('2026-12-03 15:00-17:00');
  });

  it('「15:00-17:00」 too; 会议设置 时间 keeps the length, or takes a new range', async () => {
    await g1('sec', '会议 党课 2026-12-04 15:00-17:00 活动室');
    const moved = await g1('sec', '会议设置 1 时间 12月5日上午9点');
    expect(moved).toContain('时间：12月5日（周六）09:00–11:00，4 天后');
    const again = await g1('sec', '会议设置 1 时间 12月6日 14:00-14:45');
    expect(again).toContain('时间：12月6日（周日）14:00–14:45，5 天后');
    expect(await rows(t, 'SELECT starts_at, ends_at FROM meetings')).toEqual([
      { starts_at: Date.parse('2026-12-06T14:00:00+08:00'), ends_at: Date.parse('2026-12-06T14:45:00+08:00') },
    ]);
  });

  it('a monthly repeat with a range gives every occurrence its end', async () => {
    const created = await g1('sec', '会议 主题党日 每月15日 15:00-17:00 活动室');
    expect(created).toContain('时间：12月15日（周二）15:00–17:00，14 天后');
    at(t, '2026-12-15 15:05');
    expect(await g1('u1', '会议列表')).toContain('#2 主题党日 1月15日(周五) 15:00–17:00');
  });
});
