import { afterEach, expect, it } from 'vitest';
import type { MessageResult } from '../../src/contracts/message.js';
import { createTestCore, inviteCode, type SendInput, type TestCore } from '../helpers/core.js';
import { at } from '../helpers/meetings.js';
import { TEST_DATA_KEY } from '../helpers/pairing.js';

// A month in a branch, in the order the README's walk-through tells it ("A month in a branch"):
// setup, two meetings, leave, 代签, 补签, 考勤, export, a notice to both branches, 收到, 催办 and a
// pairing. Along the way the groups stay quiet: brief answers there, anything long or private by
// direct message.

let t: TestCore;
afterEach(async () => t?.close());

type Who = { id: string; name: string };
const ZHANG: Who = { id: 'u1', name: '张三' };
const WANG5: Who = { id: 'u3', name: '王五' };

/** What one message got back: the text said in the chat it came from, and each direct message. */
interface Said {
  here: string;
  /** Lines answered in the group (0 when the bot said nothing there). */
  lines: number;
  dm: Map<string, string>;
}

async function send(input: SendInput): Promise<Said> {
  const r: MessageResult = await t.send(input);
  const here = r.replies.filter((x) => !x.direct).map((x) => x.text);
  const dm = new Map<string, string>();
  for (const x of r.replies.filter((x) => x.direct))
    dm.set(x.chatId, [dm.get(x.chatId), x.text].filter(Boolean).join('\n'));
  return { here: here.join('\n'), lines: here.length ? here.join('\n').split('\n').length : 0, dm };
}
const dm = (from: string, text: string, mentions?: Who[]) => send({ from, text, mentions });
const g = (chat: string, from: string, text: string, mentions?: Who[]) => send({ from, chat, text, mentions });

it('a month in a branch', async () => {
  t = await createTestCore({ env: { PIONEER_DATA_KEY: TEST_DATA_KEY } });

  // 1. Setup: the administrator builds the 党委 and two branches, binds their groups, invites the 书记s.
  await dm('admin', '建组织 泰山区某社区党委');
  await dm('admin', '建组织 第一支部 泰山区某社区党委');
  await dm('admin', '建组织 第二支部 泰山区某社区党委');
  expect((await g('g1', 'admin', '绑定 第一支部')).here).toContain('本群已绑定到「第一支部」');
  await g('g2', 'admin', '绑定 第二支部');
  const secretaries: [string, string, string, string][] = [
    ['wang', '王书记', '第一支部', '邀请 书记 第一支部'],
    ['liu', '刘书记', '第二支部', '邀请 书记 第二支部'],
  ];
  for (const [id, name, unit, invite] of secretaries) {
    const code = inviteCode((await dm('admin', invite)).here);
    expect((await dm(id, `加入 ${code} ${name}`)).here).toContain(`欢迎 ${name} 加入「${unit}」，角色：书记`);
  }
  // Each 书记 invites members from the group: the code goes by direct message, the group reads one line.
  const members: [string, string, string, string][] = [
    ['u1', '张三', 'g1', 'wang'],
    ['u2', '李四', 'g1', 'wang'],
    ['u3', '王五', 'g1', 'wang'],
    ['u4', '赵六', 'g1', 'wang'],
    ['v1', '陈七', 'g2', 'liu'],
    ['v2', '周八', 'g2', 'liu'],
  ];
  for (const [id, name, chat, sec] of members) {
    const invite = await g(chat, sec, '邀请 党员');
    expect(invite.here).toBe('邀请码已私信发给你。');
    await dm(id, `加入 ${inviteCode(invite.dm.get(sec)!)} ${name}`);
  }

  // 2. Two meetings, written as people write times.
  const meeting = await g('g1', 'wang', '会议 党员大会 下周三下午3点 党员活动室 学习党章');
  expect(meeting.here).toContain('已安排会议 #1：第一支部 党员大会「学习党章」\n时间：12月9日（周三）15:00，8 天后');
  expect((await g('g1', 'wang', '会议 支委会 下周四上午9点')).here).toContain('已安排会议 #2：第一支部 支委会');
  // Chatter in the group gets no answer.
  expect((await g('g1', 'u1', '好的，收到通知了，周三见')).lines).toBe(0);

  // 3. Leave: 请假 is for the next meeting (with two open for check-in it would ask which), in one line.
  const leave = await g('g1', 'u2', '请假 出差在外');
  expect(leave.lines).toBe(1);
  expect(leave.here).toContain('李四 已请假：#1 党员大会「学习党章」');

  // 4. The meeting: 签到, and 代签 for one without a phone.
  at(t, '2026-12-09 14:50');
  expect((await g('g1', 'u1', '签到')).here).toBe('张三 签到成功（会议 #1）');
  expect((await g('g1', 'wang', '签到')).here).toBe('王书记 签到成功（会议 #1）');
  expect((await g('g1', 'wang', '代签 @王五', [WANG5])).here).toBe('已为 王五 代签（会议 #1）。');

  // 5. After it: 补签 asked in the group, approved privately.
  at(t, '2026-12-09 18:00');
  expect((await g('g1', 'u4', '补签 1 下班晚了到的')).here).toContain('赵六 的补签申请已提交，申请号 1');
  expect((await dm('wang', '批准 1')).here).toContain('已批准');

  // 6. 考勤 in the group: counts and names, never the reasons; those go to the 书记 alone.
  const roll = await g('g1', 'wang', '考勤 1');
  expect(roll.here).toContain('实到 4 人：王书记、王五、张三、赵六');
  expect(roll.here).toContain('请假 1 人：李四');
  expect(roll.here).not.toContain('出差在外');
  expect(roll.here).toContain('符合党员大会表决人数要求');
  expect(roll.dm.get('wang')).toContain('请假 1 人：李四(出差在外)');

  // 7. Export: the links (names inside) by direct message only, and they work.
  const exported = await g('g1', 'wang', '导出 1');
  expect(exported.here).toBe('导出链接已私信发给你。');
  const link = /CSV：(\S+)/.exec(exported.dm.get('wang') ?? '')?.[1];
  expect(link).toBeDefined();
  const csv = await t.app.request(new URL(link!).pathname);
  expect(csv.status).toBe(200);
  expect(await csv.text()).toContain('李四');

  // 8. A notice to the 党委 reaches both its branches, drafted and confirmed by the administrator in a direct chat.
  at(t, '2026-12-10 09:00');
  const draft = await dm('admin', '通知 年终学习 请各位党员本周内完成学习 到 泰山区某社区党委');
  expect(draft.here).toContain('（2 个群，8 人）');
  expect((await dm('admin', '确认发送')).here).toContain('通知 #1');
  await t.relay.runOnce();
  const posted = await t.store.client.execute("SELECT chat_id FROM outbox WHERE kind = 'notice' ORDER BY chat_id");
  expect(posted.rows.map((r) => r.chat_id)).toEqual(['g1', 'g2']);

  // 9. 收到 by most: one short line each in the group.
  for (const [id, name, chat] of members.slice(0, 5)) {
    expect((await g(chat, id, '收到')).here).toMatch(new RegExp(`^${name} 已确认通知 #1（第 \\d 位）。$`));
  }
  expect((await g('g1', 'wang', '收到')).lines).toBe(1);
  const unread = await dm('admin', '未读');
  expect(unread.here).toContain('周八');
  expect(unread.here).toContain('刘书记');
  expect(unread.here).not.toContain('张三');

  // 10. 催办: only the unconfirmed are reminded, in their own group; a second 催办 soon after is refused.
  expect((await dm('admin', '催办')).here).toContain('提醒 2 人');
  const chase = await t.store.client.execute("SELECT chat_id, text FROM outbox WHERE kind = 'notice.chase'");
  expect(chase.rows.map((r) => r.chat_id)).toEqual(['g2']);
  expect(String(chase.rows[0]!.text)).not.toContain('张三');

  // 11. A pairing: a volunteer registers in the group (one line), the 书记 records a need and pairs it privately.
  const volunteer = await g('g1', 'u3', '志愿者 陪诊,买菜 阳光小区');
  expect(volunteer.lines).toBe(1);
  expect(volunteer.here).toContain('已登记志愿者 王五');
  const need = await dm('wang', '求助 助老 王大妈需要每周陪同去医院 阳光小区');
  expect(need.here).toContain('#1');
  const ranked = await dm('wang', '结对 1');
  expect(ranked.here).toContain('王五');
  expect(ranked.here).toContain('专长对口');
  expect((await dm('wang', '派单 1 @王五', [WANG5])).here).toContain('王五');
  expect((await dm('u3', '接单 1')).here).toContain('#1');

  // 12. 帮助 in the group: a few lines, the full list by direct message.
  const help = await g('g1', 'wang', '帮助');
  expect(help.lines).toBeLessThanOrEqual(8);
  expect(help.here).toContain('完整列表已私信');
  expect(help.dm.get('wang')!.split('\n').length).toBeGreaterThan(30);
  // A member's 签到 with nothing open is one short line, not a lecture.
  expect((await g('g1', 'u1', '签到', [ZHANG])).lines).toBeLessThanOrEqual(2);
});
