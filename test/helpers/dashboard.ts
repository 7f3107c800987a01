import { expect } from 'vitest';
import type { MessageResult } from '../../src/contracts/message.js';
import { createTestCore, setupBranch, type TestCore } from './core.js';
import { addMember, at } from './meetings.js';
import { TEST_DATA_KEY, needWithHousehold } from './pairing.js';

/**
 * 泰山区某社区党委 with 第一支部 (g1: 王书记 sec, 周委员 com, 陈红 mem, 李四 li, 赵大爷 zhao) and
 * 第二支部 (g2: 孙书记 sec2, 钱七 qian), and a quarter of history made through the real commands:
 * 第一支部's 支委会 #1 (10月9日), 党员大会 #2 (11月5日: 赵大爷 on leave, 李四 absent) and 主题党日 #4
 * (11月15日: 李四 absent, 外出务工), 第二支部's 党课 #3 (11月20日: 钱七 present, 孙书记 absent), notice #1
 * to 第一支部 (陈红 and 周委员 confirm), need #1 of 第一支部 served 2 hours by 陈红.
 * The clock ends at 2026-12-01 10:00 (Shanghai).
 */
export async function createDashboardWorld(opts: { env?: Record<string, string> } = {}): Promise<TestCore> {
  const t = await createTestCore({
    env: { PIONEER_DATA_KEY: TEST_DATA_KEY, ...opts.env },
    now: '2026-10-08T02:00:00Z',
  });
  at(t, '2026-10-08 10:00');
  const code = await setupBranch(t, { title: '书记' });
  await t.say({ from: 'sec', text: `加入 ${code} 王书记` });
  await addMember(t, { userId: 'com', name: '周委员', unit: '第一支部', title: '委员' });
  await addMember(t, { userId: 'mem', name: '陈红', unit: '第一支部', title: '党员' });
  await addMember(t, { userId: 'li', name: '李四', unit: '第一支部', title: '党员' });
  await addMember(t, { userId: 'zhao', name: '赵大爷', unit: '第一支部', title: '党员' });
  await t.say({ from: 'admin', text: '建组织 第二支部 泰山区某社区党委' });
  await t.say({ from: 'admin', chat: 'g2', text: '绑定 第二支部' });
  await addMember(t, { userId: 'sec2', name: '孙书记', unit: '第二支部', title: '书记' });
  await addMember(t, { userId: 'qian', name: '钱七', unit: '第二支部', title: '党员' });
  t.core.deps.cache.invalidate();

  await expectReply(t, { from: 'sec', chat: 'g1', text: '会议 支委会 2026-10-09 15:00 党员活动室' }, /#1/);
  await expectReply(t, { from: 'sec', chat: 'g1', text: '会议 党员大会 2026-11-05 15:00 党员活动室' }, /#2/);
  await expectReply(t, { from: 'sec2', chat: 'g2', text: '会议 党课 2026-11-20 15:00 活动室' }, /#3/);
  await expectReply(t, { from: 'sec', chat: 'g1', text: '会议 主题党日 2026-11-15 15:00 社区广场' }, /#4/);
  at(t, '2026-10-09 14:50');
  for (const who of ['sec', 'com']) await expectReply(t, { from: who, chat: 'g1', text: '签到 1' }, /签到成功/);
  at(t, '2026-11-05 09:00');
  await expectReply(t, { from: 'zhao', text: '请假 2 住院治疗' }, /请假/);
  at(t, '2026-11-05 14:55');
  for (const who of ['sec', 'com', 'mem']) await expectReply(t, { from: who, chat: 'g1', text: '签到 2' }, /签到成功/);
  at(t, '2026-11-10 09:00');
  await expectReply(t, { from: 'sec', chat: 'g1', text: '通知 周五下午3点在党员活动室集中学习' }, /确认发送/);
  await expectReply(t, { from: 'sec', chat: 'g1', text: '确认发送' }, /通知 #1/);
  await expectReply(t, { from: 'mem', chat: 'g1', text: '收到' }, /确认/);
  at(t, '2026-11-11 21:00');
  await expectReply(t, { from: 'com', chat: 'g1', text: '收到 1' }, /确认/);
  at(t, '2026-11-12 10:00');
  await expectReply(t, { from: 'mem', text: '志愿者 护理,买菜 阳光小区 周末' }, /志愿者/);
  const need = await needWithHousehold(t);
  await expectReply(t, { from: 'sec', text: `派单 ${need} @陈红`, mentions: [] }, /派单|陈红/);
  await expectReply(t, { from: 'mem', text: `接单 ${need}` }, /接单/);
  await expectReply(t, { from: 'mem', text: `服务 ${need} 2小时 陪同就医` }, /服务|记录/);
  at(t, '2026-11-15 14:55');
  for (const who of ['sec', 'com', 'mem', 'zhao']) {
    await expectReply(t, { from: who, chat: 'g1', text: '签到 4' }, /签到成功/);
  }
  at(t, '2026-11-16 10:00');
  const li = [{ id: 'li', name: '李四' }];
  await expectReply(
    t,
    { from: 'sec', chat: 'g1', text: '会议设置 4 缺席原因 @李四 外出务工', mentions: li },
    /外出务工/,
  );
  at(t, '2026-11-20 14:55');
  await expectReply(t, { from: 'qian', chat: 'g2', text: '签到 3' }, /签到成功/);
  at(t, '2026-12-01 10:00');
  return t;
}

async function expectReply(t: TestCore, input: Parameters<TestCore['say']>[0], re: RegExp): Promise<void> {
  const reply = await t.say(input);
  if (!re.test(reply)) throw new Error(`dashboard world: "${input.text}" answered: ${reply}`);
}

/** The sign-in link the bot sends to `from` in a direct chat (看板), and the whole answer. */
export async function askForLink(
  t: TestCore,
  from: string,
): Promise<{ url: string; secret: string; result: MessageResult }> {
  const result = await t.send({ from, chatType: 'direct', text: '看板' });
  const text = result.replies.map((r) => r.text).join('\n');
  const m = /(https?:\/\/\S+\/dashboard\/login#t=([A-Za-z0-9_-]{43}))/.exec(text);
  expect(m, text).not.toBeNull();
  return { url: m![1]!, secret: m![2]!, result };
}

/** Signs in over HTTP with a link's secret; returns the session cookie ("name=value"). */
export async function signIn(t: TestCore, secret: string): Promise<string> {
  const res = await t.app.request('/dashboard/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: secret }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0]!;
}
