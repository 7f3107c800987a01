import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';

// 支委会 is the 书记's and 委员's; 连续缺席 warnings count only 无故缺席.

let t: TestCore;

beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'dep', name: '陈副书记', unit: '第一支部', title: '副书记' });
  await addMember(t, { userId: 'com', name: '刘委员', unit: '第一支部', title: '委员' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '李四', unit: '第一支部' });
});
afterEach(async () => {
  await t.close();
});

const g1 = (from: string, text: string, mentions?: { id: string; name: string }[]) =>
  t.say({ from, chat: 'g1', text, mentions });

describe('支委会: only 书记 and 委员', () => {
  it('refuses an ordinary member’s 签到, 请假, 补签 and a 代签 of them, and records nothing', async () => {
    await g1('sec', '会议 支委会 今天下午3点');
    const refusal = '会议 #1 是支委会，只有书记、委员参加（签到、请假），其他成员不必签到。';
    expect(await g1('u1', '请假 1 出差')).toBe(refusal);
    expect(await g1('com', '请假 1 出差')).toBe('刘委员 已请假：#1 支委会 12月1日(周二) 15:00（原因：出差）');
    at(t, '2026-12-01 14:50');
    expect(await g1('u1', '签到')).toBe(refusal);
    expect(await g1('u1', '签到 1')).toBe(refusal);
    expect(await g1('sec', '代签 @张三', [{ id: 'u1', name: '张三' }])).toBe(refusal);
    expect(await g1('dep', '签到')).toBe('陈副书记 签到成功（会议 #1）');
    expect(await g1('sec', '签到')).toBe('王书记 签到成功（会议 #1）');
    at(t, '2026-12-01 16:00');
    expect(await g1('u2', '补签 1 忘了')).toBe(refusal);
    const roll = await g1('sec', '考勤 1');
    expect(roll).toContain('应到 3 人');
    expect(roll).not.toContain('列席');
    expect(await rows(t, 'SELECT member_id, status FROM attendance ORDER BY member_id')).toEqual([
      { member_id: 'm-com', status: 'leave' },
      { member_id: 'm-dep', status: 'present' },
      { member_id: 'm-sec', status: 'present' },
    ]);
    expect(await rows(t, 'SELECT count(*) AS n FROM makeup_requests')).toEqual([{ n: 0 }]);
  });

  it('a member’s 签到 with a 支委会 and a 党课 open at once means the 党课', async () => {
    await g1('sec', '会议 支委会 今天下午3点');
    await g1('sec', '会议 党课 今天下午3点半');
    at(t, '2026-12-01 15:05');
    expect(await g1('u1', '签到')).toBe('张三 签到成功（会议 #2）');
  });
});

describe('连续缺席 counts only 无故缺席', () => {
  it('an absence with a recorded reason is not 无故 and breaks the streak', async () => {
    for (const day of [2, 3, 4]) await g1('sec', `会议 党课 12月${day}日下午3点`);
    at(t, '2026-12-04 16:00');
    // Three in a row without a word: a warning for both.
    const first = await g1('sec', '考勤 3');
    expect(first).toContain('李四(连续 3 次)');
    expect(first).toContain('张三(连续 3 次)');
    // A reason recorded for 张三's last absence: it is no longer 无故.
    expect(await g1('sec', '会议设置 3 缺席原因 @张三 住院', [{ id: 'u1', name: '张三' }])).toContain(
      '张三 缺席原因：住院',
    );
    const roll = await g1('sec', '考勤 3');
    expect(roll).toContain('张三(住院)');
    expect(roll).toContain('李四(连续 3 次)');
    expect(roll).not.toContain('张三(连续');
    expect(await g1('sec', '本季度')).not.toContain('张三(第一支部');
  });
});
