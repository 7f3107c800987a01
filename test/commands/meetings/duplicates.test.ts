import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';

// A 会议 close to one of the same type and unit waits for 确认安排; the same command twice is one meeting.

let t: TestCore;
const g1 = (from: string, text: string) => t.say({ from, chat: 'g1', text });
const ids = async () =>
  (await rows(t, "SELECT id FROM meetings WHERE status = 'scheduled' ORDER BY id")).map((r) => r.id);
const reminders = async () => (await rows(t, 'SELECT meeting_id FROM reminders ORDER BY meeting_id')).length;

beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'com', name: '李委员', unit: '第一支部', title: '委员' });
});
afterEach(async () => {
  await t.close();
});

const HELD = '已有会议 #1 党员大会 12月3日(周四) 15:00，仍要安排请发送「确认安排」（30 分钟内有效）。';

describe('duplicate meetings', () => {
  it('holds a meeting of the same type and unit within 2 hours until 确认安排', async () => {
    expect(await g1('sec', '会议 党员大会 12月3日下午3点')).toContain('已安排会议 #1');
    const planned = await reminders();
    expect(planned).toBeGreaterThan(0);
    expect(await g1('com', '会议 党员大会 12月3日下午4点半 会议室')).toBe(HELD);
    expect(await ids()).toEqual([1]);
    // Only who drafted it confirms it.
    expect(await g1('sec', '确认安排')).toBe('没有待确认的会议安排。安排会议请发送：会议 <类型> <时间> [地点] [标题]');
    const confirmed = await g1('com', '确认安排');
    expect(confirmed).toContain('已安排会议 #2：第一支部 党员大会');
    expect(confirmed).toContain('时间：12月3日（周四）16:30');
    expect(confirmed).toContain('地点：会议室');
    expect(await ids()).toEqual([1, 2]);
    expect(await reminders()).toBe(planned * 2);
    expect(await g1('com', 'confirm-meeting')).toContain('没有待确认的会议安排');
  });

  it('lets other types, other times and cancelled meetings through', async () => {
    await g1('sec', '会议 党员大会 12月3日下午3点');
    expect(await g1('sec', '会议 党课 12月3日下午3点')).toContain('已安排会议 #2');
    expect(await g1('sec', '会议 党员大会 12月3日下午6点')).toContain('已安排会议 #3');
    await g1('sec', '取消会议 1');
    expect(await g1('com', '会议 党员大会 12月3日下午3点半')).toContain('已安排会议 #4');
  });

  it('answers a repeat of the same command with the meeting it made', async () => {
    const cmd = '会议 党员大会 12月3日下午3点 党员活动室 学习 主持人:@王书记';
    expect(await g1('sec', cmd)).toContain('已安排会议 #1');
    const planned = await reminders();
    const again = await g1('sec', cmd);
    expect(again.split('\n')[0]).toBe(
      '会议 #1 已安排过（同一条命令又收到一次，没有重复安排）：第一支部 党员大会「学习」',
    );
    expect(again).toContain('地点：党员活动室');
    expect(await ids()).toEqual([1]);
    expect(await reminders()).toBe(planned);
    // The same words from someone else, or other words from the same person, are not a retry.
    expect(await g1('com', cmd)).toBe(HELD.replace('党员大会 12月', '党员大会「学习」 12月'));
    expect(await g1('sec', '会议 党员大会 12月3日下午3点 党员活动室 学习 主持人:@李委员')).toContain('已有会议 #1');
    expect(await ids()).toEqual([1]);
  });

  it('takes the same message re-delivered as one, and the same words later as a new meeting to confirm', async () => {
    const cmd = '会议 党员大会 12月3日下午3点 党员活动室';
    const first = await t.send({ from: 'sec', chat: 'g1', text: cmd, messageId: 'm-1' });
    expect(first.replies[0]!.text).toContain('已安排会议 #1');
    // The platform sends the same message again: the same answer, once.
    const same = await t.send({ from: 'sec', chat: 'g1', text: cmd, messageId: 'm-1' });
    expect(same.replies.map((r) => r.text)).toEqual(first.replies.map((r) => r.text));
    // Re-delivered under another id a few minutes on: the meeting it made.
    at(t, '2026-12-01 10:09');
    expect(await g1('sec', cmd)).toContain('会议 #1 已安排过');
    expect(await ids()).toEqual([1]);
    // The same words a quarter of an hour later are another meeting, held for 确认安排.
    at(t, '2026-12-01 10:15');
    expect(await g1('sec', cmd)).toBe(HELD);
    expect(await g1('sec', '确认安排')).toContain('已安排会议 #2');
    expect(await ids()).toEqual([1, 2]);
  });

  it('holds a second monthly series of the same type on the same day', async () => {
    expect(await g1('sec', '会议 支委会 每月15日 15:00')).toContain('已安排会议 #1');
    expect(await g1('sec', '会议 支委会 每月15日 9:00')).toBe(
      '已有会议 #1 支委会 12月15日(周二) 15:00，仍要安排请发送「确认安排」（30 分钟内有效）。',
    );
    expect(await g1('sec', '会议 支委会 每月15日 15:00')).toContain('会议 #1 已安排过');
    expect(await g1('sec', '会议 支委会 每月16日 15:00')).toContain('已安排会议 #2');
    expect((await rows(t, 'SELECT day FROM meeting_series ORDER BY day')).map((r) => r.day)).toEqual([15, 16]);
  });

  it('refuses a 确认安排 that comes too late', async () => {
    await g1('sec', '会议 党员大会 12月3日下午3点');
    expect(await g1('com', '会议 党员大会 12月3日下午4点')).toContain('已有会议 #1');
    at(t, '2026-12-01 10:31');
    expect(await g1('com', '确认安排')).toBe('待确认的会议安排已超过 30 分钟或已到时间，请重新发送「会议 …」。');
    expect(await ids()).toEqual([1]);
  });
});
