import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCore, setupBranch, type TestCore } from '../../helpers/core.js';
import { addMember, at, rows } from '../../helpers/meetings.js';
import { tickAt } from '../../helpers/reminders.js';

let t: TestCore;
const g1 = (from: string, text: string) => t.say({ from, chat: 'g1', text });
const dm = (from: string, text: string) => t.say({ from, text });

beforeEach(async () => {
  t = await createTestCore();
  await setupBranch(t);
  await addMember(t, { userId: 'sec', name: '王书记', unit: '第一支部', title: '书记' });
  await addMember(t, { userId: 'u1', name: '张三', unit: '第一支部' });
  await g1('sec', '会议 党课 今天下午3点 主持人:@王书记 记录人:@张三');
  await g1('sec', '会议 支委会 12月3日下午3点 主持人:@王书记 记录人:@张三');
  await g1('sec', '会议 主题党日 12月4日下午3点 主持人:@王书记 记录人:@张三');
  at(t, '2026-12-04 18:00');
  for (const id of [2, 3]) {
    await dm('u1', `纪要 ${id}`);
    await dm('u1', '议题：学习');
    await dm('u1', '完成');
  }
  await dm('sec', '确认纪要 3');
});
afterEach(async () => {
  await t.close();
});

const UNFINISHED =
  '会议记录未完成 2 场：#1 党课 12月1日(周二) 15:00 缺纪要；#2 支委会 12月3日(周四) 15:00 纪要待主持人确认' +
  '（记录人发送「纪要 <编号>」，主持人发送「确认纪要 <编号>」）';

describe('unfinished record books', () => {
  it('are listed by 本季度: no minutes, or minutes the 主持人 has not confirmed', async () => {
    const text = await dm('sec', '本季度');
    expect(text.split('\n')).toContain(UNFINISHED);
    await dm('sec', '确认纪要 2');
    expect(await dm('sec', '本季度')).toContain('会议记录未完成 1 场：#1 党课');
  });

  it('are in the weekly digest to the officers', async () => {
    await tickAt(t, '2026-12-07 09:00');
    const [digest] = await rows(t, "SELECT text FROM outbox WHERE kind = 'quarter.digest' AND chat_id = 'sec'");
    expect(String(digest!.text).split('\n')).toContain(UNFINISHED);
  });
});
