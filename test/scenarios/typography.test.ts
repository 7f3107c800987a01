import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, inviteCode, type SendInput, type TestCore } from '../helpers/core.js';
import { at, rows } from '../helpers/meetings.js';
import { TEST_DATA_KEY } from '../helpers/pairing.js';
import { gluedNumbers } from '../helpers/typography.js';

let t: TestCore | undefined;
afterEach(async () => t?.close());

/** A branch's week played through the app; every answer and every message the bot queued. */
async function session(core: TestCore): Promise<string[]> {
  const said: string[] = [];
  const s = async (i: SendInput): Promise<string> => {
    const r = await core.send(i);
    said.push(...r.replies.map((x) => x.text));
    return r.replies.map((x) => x.text).join('\n');
  };
  await s({ from: 'admin', text: '建组织 泰山区某社区党委' });
  await s({ from: 'admin', text: '建组织 第一支部 泰山区某社区党委' });
  await s({ from: 'admin', text: '建组织 第二支部 泰山区某社区' });
  await s({ from: 'admin', chat: 'g1', text: '绑定 第一支部' });
  await s({ from: 'wang', text: `加入 ${inviteCode(await s({ from: 'admin', text: '邀请 书记 第一支部' }))} 王书记` });
  for (const [id, name] of [
    ['u1', '张三'],
    ['u2', '李四'],
    ['u3', '王五'],
  ] as const) {
    const code = inviteCode(await s({ from: 'wang', text: '邀请 党员' }));
    await s({ from: id, chat: 'g1', text: `加入 ${code} ${name}` });
  }
  await s({ from: 'wang', chat: 'g1', text: '会议 党员大会 下周三下午3点 党员活动室 学习党章' });
  await s({ from: 'wang', chat: 'g1', text: '会议 党课 下周四上午9点' });
  await s({ from: 'wang', chat: 'g1', text: '会议列表' });
  await s({ from: 'wang', chat: 'g1', text: '提醒设置' });
  await s({ from: 'wang', chat: 'g1', text: '提醒设置 1天,2小时' });
  await s({ from: 'u2', chat: 'g1', text: '请假 1 出差在外' });
  await s({ from: 'wang', chat: 'g1', text: '取消会议 2 场地冲突' });
  await s({ from: 'wang', chat: 'g1', text: '通知 请各位党员本周内完成学习' });
  await s({ from: 'wang', chat: 'g1', text: '确认发送' });
  await s({ from: 'u1', chat: 'g1', text: '收到' });
  await s({ from: 'wang', chat: 'g1', text: '未读' });
  await s({ from: 'wang', chat: 'g1', text: '催办' });
  await s({ from: 'u1', chat: 'g1', text: '我的' });
  at(core, '2026-12-09 14:50');
  await s({ from: 'u1', chat: 'g1', text: '签到' });
  await s({ from: 'wang', chat: 'g1', text: '代签 @王五 1', mentions: [{ id: 'u3', name: '王五' }] });
  await s({ from: 'wang', chat: 'g1', text: '考勤 1' });
  at(core, '2026-12-09 15:20');
  await s({ from: 'u3', chat: 'g1', text: '签到' });
  at(core, '2026-12-09 18:00');
  await s({ from: 'u1', chat: 'g1', text: '补签 1 手机没电' });
  await s({ from: 'wang', text: '驳回 1 已签到' });
  await s({ from: 'wang', chat: 'g1', text: '考勤 1' });
  await s({ from: 'wang', chat: 'g1', text: '本季度' });
  await s({ from: 'wang', chat: 'g1', text: '导出 1' });
  await s({ from: 'u3', text: '志愿者 陪诊,买菜 阳光小区 周末' });
  await s({ from: 'wang', text: '求助 助老 每周六上午陪同买菜 阳光小区' });
  await s({ from: 'wang', text: '结对 1' });
  await s({ from: 'wang', text: '派单 1 @王五', mentions: [{ id: 'u3', name: '王五' }] });
  await s({ from: 'u3', text: '接单 1' });
  await s({ from: 'u3', text: '服务 1 1.5小时 陪同买菜' });
  await s({ from: 'wang', text: '评价 1 5 很满意' });
  await s({ from: 'wang', text: '需求列表' });
  await s({ from: 'wang', text: '结对统计' });
  await s({ from: 'wang', chat: 'g1', text: '成员' });
  await s({ from: 'wang', text: '错过提醒' });
  await s({ from: 'wang', text: '会议 党员大会 明天下午3点' });
  await s({ from: 'wang', text: '签到码 3' });
  await s({ from: 'wang', text: '帮助' });
  const queued = await rows(core, 'SELECT text FROM outbox ORDER BY id');
  return [...said, ...queued.map((r) => String(r.text))];
}

describe('typography of the answers', () => {
  it('puts a space between a number, a time or an id and Chinese', async () => {
    t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });
    const texts = await session(t);
    expect(texts.length).toBeGreaterThan(40);
    expect(texts.flatMap(gluedNumbers)).toEqual([]);
  });
});
