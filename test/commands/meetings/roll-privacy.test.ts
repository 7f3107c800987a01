import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at } from '../../helpers/meetings.js';

let t: TestCore;

beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '李四', unit: '第一支部' });
  await addMember(t, { userId: 'u3', name: '王五', unit: '第一支部' });
});
afterEach(async () => {
  await t.close();
});

const g1 = (from: string, text: string) => t.say({ from, chat: 'g1', text });

describe('考勤 in a group', () => {
  it('shows counts and names, and sends the reasons for leave and absence to the officer privately', async () => {
    await g1('sec', '会议 党员大会 今天下午3点');
    await g1('u1', '请假 1 住院复查心脏支架');
    at(t, '2026-12-01 14:50');
    await g1('sec', '签到');
    at(t, '2026-12-01 16:00');
    await g1('sec', '会议设置 1 缺席原因 @李四 家中老人病危');
    await g1('u3', '补签 1 手机没电了');
    const res = await t.send({ from: 'sec', chat: 'g1', text: '考勤 1' });
    const inGroup = res.replies.filter((r) => !r.direct).map((r) => r.text);
    const direct = res.replies.filter((r) => r.direct);
    expect(inGroup).toHaveLength(1);
    const group = inGroup[0]!;
    expect(group).toContain('请假 1 人：张三');
    expect(group).toContain('李四');
    expect(group).toContain('各人的原因已私信发给你');
    for (const secret of ['住院', '心脏', '病危', '手机没电']) expect(group).not.toContain(secret);
    expect(direct).toHaveLength(1);
    expect(direct[0]!.chatId).toBe('sec');
    expect(direct[0]!.text).toContain('张三(住院复查心脏支架)');
    expect(direct[0]!.text).toContain('李四(家中老人病危)');
    expect(direct[0]!.text).toContain('手机没电了');
    // In a direct chat the officer gets the whole roll in place.
    const dm = await t.send({ from: 'sec', text: '考勤 1' });
    expect(dm.replies).toHaveLength(1);
    expect(dm.replies[0]!.text).toContain('张三(住院复查心脏支架)');
  });

  it('has nothing to send privately when nobody gave a reason', async () => {
    await g1('sec', '会议 党员大会 今天下午3点');
    at(t, '2026-12-01 14:50');
    await g1('sec', '签到');
    const res = await t.send({ from: 'sec', chat: 'g1', text: '考勤' });
    expect(res.replies).toHaveLength(1);
    expect(res.replies[0]!.text).not.toContain('私信');
  });
});
