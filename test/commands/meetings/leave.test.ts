import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';

// 请假 with several meetings ahead asks which; 撤销请假 withdraws one's own leave before the end.

let t: TestCore;

beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
});
afterEach(async () => {
  await t.close();
});

const g1 = (from: string, text: string) => t.say({ from, chat: 'g1', text });
const leaves = () => rows(t, "SELECT meeting_id, member_id FROM attendance WHERE status = 'leave' ORDER BY meeting_id");

describe('请假 and 撤销请假', () => {
  it('asks which meeting when two are ahead, listing their numbers', async () => {
    await g1('sec', '会议 党员大会 12月3日下午3点');
    await g1('sec', '会议 党课 12月4日下午3点');
    expect(await g1('u1', '请假 出差')).toBe(
      '近期有 2 场会议：\n#1 党员大会 12月3日(周四) 15:00\n#2 党课 12月4日(周五) 15:00\n请发送：请假 <编号> <原因>',
    );
    expect(await leaves()).toEqual([]);
    expect(await g1('u1', '请假 2 出差')).toContain('张三 已请假：#2 党课');
    // One left unanswered: that is the one meant.
    expect(await g1('u1', '请假 出差')).toContain('张三 已请假：#1 党员大会');
    expect(await leaves()).toHaveLength(2);

    expect(await g1('u1', '撤销请假')).toBe(
      '你请假了 2 场会议：\n#1 党员大会 12月3日(周四) 15:00\n#2 党课 12月4日(周五) 15:00\n请发送：撤销请假 <编号>',
    );
    expect(await g1('u1', 'cancel-leave 2')).toBe('张三 已撤销请假：#2 党课 12月4日(周五) 15:00。届时请发送「签到」。');
    expect(await g1('u1', '撤销请假 2')).toBe('你没有请假会议 #2。');
    expect(await leaves()).toEqual([{ meeting_id: 1, member_id: 'm-u1' }]);
    // After the start, before the end, still possible; after the end, not.
    at(t, '2026-12-03 15:10');
    expect(await g1('u1', '撤销请假')).toBe('张三 已撤销请假：#1 党员大会 12月3日(周四) 15:00。请发送「签到」。');
    expect(await g1('u1', '签到 1')).toContain('张三');
    expect(await g1('u1', '撤销请假')).toBe('你没有可撤销的请假。');
    await g1('u1', '请假 2 出差');
    at(t, '2026-12-04 16:00');
    expect(await g1('u1', '撤销请假 2')).toBe('会议 #2 已结束，不能再撤销请假。');
    expect(await leaves()).toEqual([{ meeting_id: 2, member_id: 'm-u1' }]);
  });

  it('counts only the meetings the member attends: a 支委会 ahead does not make an ordinary member choose', async () => {
    await g1('sec', '会议 支委会 12月3日下午3点');
    await g1('sec', '会议 党员大会 12月4日下午3点');
    expect(await g1('u1', '请假 出差')).toContain('张三 已请假：#2 党员大会');
    expect(await leaves()).toEqual([{ meeting_id: 2, member_id: 'm-u1' }]);
  });
});
