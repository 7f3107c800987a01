import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';

let t: TestCore;

beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '李四', unit: '第一支部' });
  await addMember(t, { userId: 'u3', name: '王五', unit: '第一支部' });
  await addMember(t, { userId: 'u4', name: '赵六', unit: '第一支部' });
});
afterEach(async () => {
  await t.close();
});

const g1 = (from: string, text: string) => t.say({ from, chat: 'g1', text });
const dm = (from: string, text: string) => t.say({ from, text });

describe('rotating check-in code', () => {
  it('is sent to officers privately, required, rotates each minute and accepts the previous one', async () => {
    expect(await g1('sec', '会议 党员大会 今天下午3点 需签到码')).toContain('需要签到码');
    at(t, '2026-12-01 14:40');
    const asked = await t.send({ from: 'sec', chat: 'g1', text: '签到码' });
    expect(asked.replies[0]).toMatchObject({ chatId: 'g1', text: '签到码已私信发给你，请在会场出示。' });
    expect(asked.replies[1]).toMatchObject({ chatId: 'sec', direct: true });
    const code = /签到码：(\d{6})/.exec(asked.replies[1]!.text)![1]!;
    expect(asked.replies[1]!.text).toContain('14:41 前有效');
    // A direct chat answers in place; a member may not see the code.
    const direct = await t.send({ from: 'sec', text: '签到码 1' });
    expect(direct.replies).toHaveLength(1);
    expect(direct.replies[0]!.text).toContain(`签到码：${code}`);
    expect(await g1('u1', '签到码 1')).toContain('仅限管理员、书记、委员使用');

    // The code is asked for, and typed, in a direct chat.
    expect(await dm('u1', '签到 1')).toContain('会议 #1 需要签到码');
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(await dm('u1', `签到 1 ${wrong}`)).toContain('签到码不对或已过期');
    expect(await dm('u1', `签到 1 ${code}`)).toBe('张三 签到成功（会议 #1）');
    t.clock.advance(60_000);
    const next = /签到码：(\d{6})/.exec(await t.say({ from: 'sec', text: '签到码 1' }))![1]!;
    expect(next).not.toBe(code);
    expect(await dm('u2', `签到 1 ${code}`)).toBe('李四 签到成功（会议 #1）');
    t.clock.advance(60_000);
    expect(await dm('u3', `签到 ${code} 1`)).toContain('签到码不对或已过期');
    expect(await dm('u3', `签到 ${next}`)).toBe('王五 签到成功（会议 #1）');
    // 代签 needs no code.
    expect(await g1('sec', '代签 @赵六')).toBe('已为 赵六 代签（会议 #1）。');
    expect(await rows(t, 'SELECT count(*) AS n FROM attendance')).toEqual([{ n: 4 }]);
  });

  it('can be switched on later, and a meeting without one says so', async () => {
    await g1('sec', '会议 党课 今天下午3点');
    expect(await t.say({ from: 'sec', text: '签到码 1' })).toContain('不需要签到码');
    expect(await g1('sec', '会议设置 1 签到码 开')).toBe('已更新会议 #1　签到需要签到码');
    at(t, '2026-12-01 14:40');
    expect(await dm('u1', '签到')).toContain('需要签到码');
  });
});

describe('monthly repeat', () => {
  it('creates the next occurrence once the current one has started, until the series is cancelled', async () => {
    const created = await g1('sec', '会议 主题党日 每月15日 15:00 党员活动室');
    expect(created).toContain('已安排会议 #1：第一支部 主题党日');
    expect(created).toContain('时间：12月15日（周二）15:00，14 天后');
    expect(created).toContain('每月15日 15:00 重复');
    expect(await g1('u1', '会议列表')).toContain('#1 主题党日 12月15日(周二) 15:00 · 党员活动室 · 每月');
    at(t, '2026-12-15 15:02');
    expect(await g1('u1', '签到')).toBe('张三 签到成功（会议 #1，迟到 2 分钟）');
    const list = await g1('u1', '会议列表');
    expect(list).toContain('#1 主题党日 12月15日(周二) 15:00 · 党员活动室 · 签到中 · 每月');
    expect(list).toContain('#2 主题党日 1月15日(周五) 15:00 · 党员活动室 · 每月');
    // Listing again creates nothing more.
    await g1('u1', '会议列表');
    expect(await rows(t, 'SELECT id, starts_at FROM meetings ORDER BY id')).toEqual([
      { id: 1, starts_at: Date.parse('2026-12-15T07:00:00Z') },
      { id: 2, starts_at: Date.parse('2027-01-15T07:00:00Z') },
    ]);
    expect(await g1('sec', '取消会议 2 全部 换届')).toContain('并停止每月重复');
    at(t, '2027-02-20 10:00');
    expect(await g1('u1', '会议列表')).toContain('近期没有安排会议');
    expect(await rows(t, 'SELECT count(*) AS n FROM meetings')).toEqual([{ n: 2 }]);
  });

  it('refuses a monthly rule on days 29-31 or without a time', async () => {
    expect(await g1('sec', '会议 主题党日 每月31日 15:00')).toContain('每月例会请写成「每月15日 15:00」');
    expect(await g1('sec', '会议 主题党日 每月')).toContain('每月例会请写成「每月15日 15:00」');
    // A day without an hour takes the unit's default, and the answer says so.
    expect(await g1('sec', '会议 主题党日 每月15日')).toContain(
      '12月15日（周二）09:00，14 天后（没写几点，按 09:00 计）',
    );
  });
});

/** Schedules a meeting on the given day at 15:00 and lets `present` check in; returns its number. */
async function hold(day: number, type: string, present: string[], leave: string[] = []): Promise<void> {
  at(t, `2026-12-${String(day - 1).padStart(2, '0')} 10:00`);
  const reply = await g1('sec', `会议 ${type} 2026-12-${String(day).padStart(2, '0')} 15:00`);
  const id = /#(\d+)/.exec(reply)![1]!;
  for (const u of leave) expect(await g1(u, `请假 ${id} 出差`)).toContain('已请假');
  at(t, `2026-12-${String(day).padStart(2, '0')} 14:50`);
  for (const u of present) expect(await g1(u, `签到 ${id}`)).toContain('签到成功');
}

describe('absences and the quarter', () => {
  it('warns after three unexcused absences in a row; leave breaks a streak', async () => {
    await hold(2, '党课', ['sec', 'u1', 'u2']);
    await hold(3, '支委会', ['sec']);
    await hold(4, '主题党日', ['sec', 'u1'], ['u2']);
    await hold(5, '党员大会', ['sec', 'u1']);
    at(t, '2026-12-05 16:00');
    // u3, u4: absent at 党课, 主题党日, 党员大会 (支委会 does not expect them): 3 in a row.
    // u2: absent only at 党员大会 after a leave.
    const roll = await g1('sec', '考勤');
    expect(roll).toContain('考勤 #4 党员大会');
    expect(roll).toContain('连续缺席预警：王五(连续 3 次)、赵六(连续 3 次)');
    const quarter = await g1('sec', '本季度');
    expect(quarter).toContain('「第一支部」2026年第4季度 三会一课（截至 12月5日(周六) 16:00）');
    expect(quarter).toContain('· 党员大会 已开 1/1 ✓');
    expect(quarter).toContain('· 支委会 已开 1/3，还差 2');
    expect(quarter).toContain('· 党课 已开 1/1 ✓');
    expect(quarter).toContain('· 主题党日 已开 1/3，还差 2');
    expect(quarter).toContain('连续缺席预警：王五(第一支部，连续 3 次)、赵六(第一支部，连续 3 次)');
    // 我的: this quarter's attendance of the member.
    expect(await t.say({ from: 'u2', text: '我的' })).toContain(
      '本季度考勤（2026年第4季度）：实到 1/3，请假 1，缺席 1',
    );
    expect(await t.say({ from: 'sec', text: '我的' })).toContain('实到 4/4，请假 0，缺席 0');
    // A member presents once: the streak resets.
    await hold(6, '党课', ['u3']);
    at(t, '2026-12-06 16:00');
    const after = await g1('sec', '本季度');
    // 李四: absent, absent, then a leave: the leave ends the streak at 2, so no warning.
    expect(after.split('\n').pop()).toBe('连续缺席预警：赵六(第一支部，连续 4 次)');
    expect(after).toContain('· 党课 已开 2/1 ✓');
  });

  it('counts scheduled meetings apart from held ones, and cancelled ones not at all', async () => {
    await g1('sec', '会议 支委会 明天下午3点');
    await g1('sec', '会议 支委会 后天下午3点');
    await g1('sec', '取消会议 2');
    expect(await g1('sec', '本季度')).toContain('· 支委会 已开 0/3，还差 3，已安排 1');
    expect(await g1('u1', '本季度')).toContain('仅限');
  });

  it('a 党委 党课 covers its branches; its members check in from their own group', async () => {
    await t.say({ from: 'admin', text: '会议 党课 今天下午3点 组织:泰山区某社区党委' });
    at(t, '2026-12-01 14:50');
    expect(await g1('u1', '签到')).toBe('张三 签到成功（会议 #1）');
    const roll = await t.say({ from: 'admin', text: '考勤 1' });
    expect(roll).toContain('应到 5 人');
    expect(roll).toContain('实到 1 人：张三');
    // Cancelling it tells the chats of the units it covers.
    await t.say({ from: 'admin', text: '会议 党课 明天下午3点 组织:泰山区某社区党委' });
    expect(await t.say({ from: 'admin', text: '取消会议 2' })).toContain('已通知 1 个绑定的群');
    expect(await rows(t, "SELECT chat_id FROM outbox WHERE kind = 'meeting.cancel'")).toEqual([{ chat_id: 'g1' }]);
  });
});

describe('200 members checking in at once', () => {
  it('gives 200 rows and 200 correct replies', async () => {
    const n = 200;
    for (let i = 0; i < n; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, k) =>
          addMember(t, { userId: `p${i + k}`, name: `成员${i + k}`, unit: '第一支部' }),
        ),
      );
    }
    await g1('sec', '会议 党员大会 今天下午3点');
    at(t, '2026-12-01 14:50');
    const replies = await Promise.all(Array.from({ length: n }, (_, i) => g1(`p${i}`, '签到')));
    replies.forEach((r, i) => expect(r).toBe(`成员${i} 签到成功（会议 #1）`));
    expect(await rows(t, 'SELECT count(*) AS n FROM attendance WHERE meeting_id = 1')).toEqual([{ n }]);
    const roll = await g1('sec', '考勤 1');
    expect(roll).toContain(`实到 ${n} 人`);
    expect(roll).toContain(`应到 ${n + 5} 人`);
  });
});
