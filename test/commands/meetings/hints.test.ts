import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';

// Mistakes that get a hint that fits, or are simply understood: 代签 of several people or with two
// meetings open, 会议设置 改期, names without @, 取消 / 删除会议.

let t: TestCore;
type Who = { id: string; name: string };
const g1 = (from: string, text: string, mentions?: Who[]) => t.say({ from, chat: 'g1', text, mentions });
const OLD: Who = { id: 'old', name: '李大爷' };
const GRAN: Who = { id: 'gran', name: '王奶奶' };

beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await t.say({ from: 'admin', text: '建组织 第二支部 泰山区某社区党委' });
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'old', name: '李大爷', unit: '第一支部' });
  await addMember(t, { userId: 'gran', name: '王奶奶', unit: '第一支部' });
  await addMember(t, { userId: 'u1', name: '赵六', unit: '第一支部' });
  await addMember(t, { userId: 'u2', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u3', name: '张三', unit: '第一支部' });
  await addMember(t, { userId: 'u9', name: '赵六', unit: '第二支部' });
});
afterEach(async () => {
  await t.close();
});

const proxies = async () =>
  (await rows(t, "SELECT meeting_id, member_id FROM attendance WHERE method = 'proxy' ORDER BY member_id")).map(
    (r) => `${r.meeting_id}:${r.member_id}`,
  );

describe('代签', () => {
  it('with two meetings open asks for 代签 @某人 <编号>', async () => {
    await g1('sec', '会议 党员大会 今天下午3点');
    await g1('sec', '会议 党课 今天下午3点半');
    at(t, '2026-12-01 15:10');
    expect(await g1('sec', '代签 @李大爷', [OLD])).toBe(
      '现在有 2 场会议在签到：\n#1 党员大会 12月1日(周二) 15:00\n#2 党课 12月1日(周二) 15:30\n请发送：代签 @李大爷 <编号>',
    );
    expect(await proxies()).toEqual([]);
    expect(await g1('sec', '代签 @李大爷 2', [OLD])).toBe('已为 李大爷 代签（会议 #2）。');
  });

  it('signs several people at once, or says why not for each', async () => {
    await g1('sec', '会议 党员大会 今天下午3点');
    at(t, '2026-12-01 15:10');
    await g1('gran', '签到');
    expect(await g1('sec', '代签 @李大爷 @王奶奶 @王书记 1', [OLD, GRAN, { id: 'sec', name: '王书记' }])).toBe(
      [
        '已为 李大爷 代签（会议 #1）。',
        '王奶奶 已签到（15:10），无需代签。',
        '王书记：不能为自己代签。请发送「签到 1」，签到结束后可「补签 1 原因」由其他书记、委员批准。',
      ].join('\n'),
    );
    expect(await proxies()).toEqual(['1:m-old']);
  });
});

describe('会议设置 and names without @', () => {
  it('reads 改期 as 时间', async () => {
    await g1('sec', '会议 党员大会 12月3日下午3点');
    const moved = await g1('sec', '会议设置 1 改期 12月4日下午3点');
    expect(moved).toContain('已更新会议 #1　时间：12月4日（周五）15:00');
    expect((await rows(t, 'SELECT starts_at FROM meetings WHERE id = 1'))[0]!.starts_at).toBe(
      Date.parse('2026-12-04T15:00:00+08:00'),
    );
  });

  it('takes a name unique in the unit for 主持人 and 缺席原因, and asks which when it is not', async () => {
    await g1('sec', '会议 党员大会 今天下午3点');
    // 赵六 is also in 第二支部: in 第一支部's meeting the name is still one person.
    expect(await g1('sec', '会议设置 1 主持人 赵六')).toBe('已更新会议 #1　主持人：赵六');
    expect(await g1('sec', '会议设置 1 主持人 张三')).toBe(
      '本组织有 2 位「张三」（第一支部、第一支部），请用 @ 指明是哪一位，例如「@张三」。',
    );
    at(t, '2026-12-01 16:00');
    expect(await g1('sec', '会议设置 1 缺席原因 赵六 外出务工')).toBe('已更新会议 #1　赵六 缺席原因：外出务工');
    expect(await g1('sec', '会议设置 1 缺席原因 @赵六 住院', [{ id: 'u1', name: '赵六' }])).toBe(
      '已更新会议 #1　赵六 缺席原因：住院',
    );
    expect(await g1('sec', '会议设置 1 缺席原因 张三 外出')).toContain('本组织有 2 位「张三」');
    expect(await g1('sec', '会议设置 1 缺席原因')).toContain('请写「缺席原因 @某人 原因」');
  });
});

describe('取消 and 删除会议', () => {
  it('are understood as 取消会议', async () => {
    await g1('sec', '会议 党员大会 12月3日下午3点');
    await g1('sec', '会议 党课 12月4日下午3点');
    expect(await g1('sec', '取消 1')).toContain('已取消会议 #1 党员大会');
    expect(await g1('sec', '删除会议 2 时间冲突')).toContain('已取消会议 #2 党课');
    const status = await rows(t, 'SELECT status FROM meetings ORDER BY id');
    expect(status.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('leave 「取消」 alone as it was: chatter in a group, the end of an open exchange in a direct chat', async () => {
    await g1('sec', '会议 党员大会 12月3日下午3点');
    expect(await t.send({ from: 'sec', chat: 'g1', text: '取消' })).toEqual({ replies: [] });
    expect(await t.send({ from: 'u1', chat: 'g1', text: '取消 明天的聚餐' })).toEqual({ replies: [] });
    expect(await t.say({ from: 'sec', text: '取消' })).toContain('没有「取消」这个命令');
    expect((await rows(t, 'SELECT status FROM meetings'))[0]!.status).not.toBe('cancelled');
  });
});
