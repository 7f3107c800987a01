import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, rows } from '../../helpers/meetings.js';

// 时间设置: a unit's clock times for parts of day written without an hour, stored, inherited
// down the tree part by part, and used wherever a time is read (会议, 会议设置 时间, 通知 于).

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

describe('时间设置', () => {
  it('shows the defaults in force, and where each comes from', async () => {
    const shown = await g1('sec', '时间设置');
    expect(shown).toContain('「第一支部」的时间设置');
    expect(shown).toContain('上午 09:00（默认）');
    expect(shown).toContain('下午 15:00（默认）');
    expect(shown).toContain('晚上 19:30（默认）');
    expect(shown).toContain('只写日期 09:00（默认）');
  });

  it('is stored and used by 会议, 会议设置 时间 and 通知 于, and the answer says which default it took', async () => {
    const set = await g1('sec', '时间设置 下午 14:30 晚上19点 只写日期 8点半');
    expect(set).toContain('已更新「第一支部」的时间设置');
    expect(set).toContain('下午 14:30（本组织设置）');
    expect(set).toContain('晚上 19:00（本组织设置）');
    expect(await rows(t, 'SELECT part, clock_min, updated_by_identity FROM time_defaults ORDER BY part')).toEqual([
      { part: 'afternoon', clock_min: 870, updated_by_identity: 'playground:sec' },
      { part: 'day', clock_min: 510, updated_by_identity: 'playground:sec' },
      { part: 'evening', clock_min: 1140, updated_by_identity: 'playground:sec' },
    ]);
    expect(await g1('sec', '会议 党课 周三下午 活动室')).toContain(
      '时间：12月2日（周三）14:30，明天（“下午”按 14:30 计）',
    );
    expect(await g1('sec', '会议设置 1 时间 周四晚上')).toContain(
      '时间：12月3日（周四）19:00，2 天后（“晚上”按 19:00 计）',
    );
    expect(await g1('sec', '通知 学习材料已发 于 12月4日')).toContain(
      '发送时间：12月4日（周五）08:30，3 天后（没写几点，按 08:30 计）',
    );
  });

  it('is inherited from the unit above part by part, and 默认 goes back to what is inherited', async () => {
    await t.say({ from: 'admin', text: '时间设置 晚上 19:00 上午 8:30 组织:泰山区某社区党委' });
    await g1('sec', '时间设置 上午 10:00');
    const shown = await g1('sec', '时间设置');
    expect(shown).toContain('晚上 19:00（沿用「泰山区某社区党委」）');
    expect(shown).toContain('上午 10:00（本组织设置）');
    expect(await g1('sec', '会议 党课 周五晚上')).toContain('（“晚上”按 19:00 计）');
    expect(await g1('sec', '时间设置 上午 默认')).toContain('上午 08:30（沿用「泰山区某社区党委」）');
    expect(await g1('sec', '时间设置 恢复默认')).toContain('下午 15:00（默认）');
    expect(
      await rows(t, 'SELECT part FROM time_defaults WHERE unit_id <> (SELECT unit_id FROM chat_bindings)'),
    ).toHaveLength(2);
  });

  it('refuses what it cannot use, and who may not set it', async () => {
    expect(await g1('sec', '时间设置 下午 9:00')).toBe('「下午」应在 12:00 到 18:30 之间，09:00 不在这个时段里。');
    expect(await g1('sec', '时间设置 午饭 12:00')).toContain('没有「午饭」这个时段');
    expect(await g1('sec', '时间设置 下午 三点')).toContain('没看懂「下午」的时间「三点」');
    expect(await g1('sec', '时间设置 下午')).toContain('请写「下午」按几点计');
    expect(await g1('u1', '时间设置 下午 14:00')).toContain('仅限');
    expect(await rows(t, 'SELECT * FROM time_defaults')).toEqual([]);
  });
});
