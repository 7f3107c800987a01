// The demo branch (`npm run demo`): a month of a 党委 with two 支部 and a 党小组, played through
// the commands as people would type them, on a clock set back to each moment. Nothing is written
// with SQL: what the demo leaves is what those people would have left.
import { formatDateTimeISO, type ManualClock } from '../../src/contracts/time.js';
import type { IncomingMessage, Mention } from '../../src/contracts/message.js';

/** Sends one message to the core; the texts of its replies. */
export type DemoSend = (msg: IncomingMessage) => Promise<string[]>;

export const DEMO_PARTY = '阳光社区党委';
export const DEMO_BRANCHES = ['阳光社区第一支部', '阳光社区第二支部'] as const;
export const DEMO_GROUP = '第一党小组';

/**
 * The twelve members: the playground's personas (so a newcomer can speak as them) and people who
 * exist only here. [id, name, unit, title]
 */
export const DEMO_PEOPLE: readonly (readonly [string, string, string, string])[] = [
  ['sec1', '王书记', DEMO_BRANCHES[0], '书记'],
  ['m1', '张三', DEMO_BRANCHES[0], '委员'],
  ['m2', '李四', DEMO_BRANCHES[0], '党员'],
  ['m3', '赵大爷', DEMO_BRANCHES[0], '党员'],
  ['demo-sun', '孙八', DEMO_BRANCHES[0], '预备党员'],
  ['demo-qian', '钱七', DEMO_GROUP, '党员'],
  ['demo-zhou', '周九', DEMO_GROUP, '党员'],
  ['demo-liu', '刘书记', DEMO_BRANCHES[1], '书记'],
  ['demo-chen', '陈大姐', DEMO_BRANCHES[1], '党员'],
  ['demo-wu', '吴一', DEMO_BRANCHES[1], '党员'],
  ['demo-zheng', '郑二', DEMO_BRANCHES[1], '党员'],
  ['demo-feng', '冯三', DEMO_BRANCHES[1], '党员'],
];

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface DemoResult {
  /** False when the demo organisation was already there: nothing was changed. */
  created: boolean;
  meetings: { past: number[]; upcoming: number[] };
  notice: number | null;
}

/**
 * Fills the database through `send` as the demo's people, moving `clock` through the past month
 * and leaving it at `now`. Run twice, the second run finds 阳光社区党委 and changes nothing.
 */
export async function runDemo(
  send: DemoSend,
  clock: ManualClock,
  now: Date,
  tz = 'Asia/Shanghai',
): Promise<DemoResult> {
  let seq = 0;
  const names = new Map(DEMO_PEOPLE.map(([id, name]) => [id, name]));
  const mentionsIn = (text: string): Mention[] =>
    DEMO_PEOPLE.filter(([, name]) => text.includes(`@${name}`)).map(([id, name]) => ({ id, name }));
  const say = async (from: string, text: string, chat?: string, expect?: RegExp): Promise<string> => {
    const replies = await send({
      platform: 'playground',
      chatId: chat ?? from,
      chatType: chat ? 'group' : 'direct',
      ...(chat ? { chatName: chat === 'g1' ? '第一支部群' : '第二支部群' } : {}),
      senderId: from,
      senderName: names.get(from) ?? '管理员',
      messageId: `demo-${now.getTime().toString(36)}-${++seq}`,
      text,
      mentions: mentionsIn(text),
      mentionsBot: false,
      attachments: [],
    } as IncomingMessage);
    const out = replies.join('\n');
    if (process.env.PIONEER_DEMO_TRACE)
      console.log(
        `[${clock.now().toISOString()}] ${from}@${chat ?? 'dm'}: ${text}\n  → ${out.replace(/\n/g, '\n    ')}`,
      );
    if (expect && !expect.test(out)) throw new Error(`demo: 「${text}」 was answered:\n${out}`);
    return out;
  };
  const at = (offsetMs: number) => clock.set(new Date(now.getTime() + offsetMs));
  const when = (offsetMs: number) => formatDateTimeISO(new Date(now.getTime() + offsetMs), tz);
  const number = (text: string, re: RegExp) => Number(re.exec(text)?.[1]);
  // Whole hours of the local day, so the demo's meetings fall at ordinary times.
  const dayStart = now.getTime() - (Number(when(0).slice(11, 13)) * HOUR + Number(when(0).slice(14, 16)) * 60_000);
  const local = (days: number, hour: number) => dayStart - now.getTime() + days * DAY + hour * HOUR;

  at(local(-28, 9));
  const first = await say('admin', `建组织 ${DEMO_PARTY}`);
  if (!/已创建/.test(first)) {
    at(0);
    return { created: false, meetings: { past: [], upcoming: [] }, notice: null };
  }
  for (const b of DEMO_BRANCHES) await say('admin', `建组织 ${b} ${DEMO_PARTY}`, undefined, /已创建/);
  await say('admin', `建组织 ${DEMO_GROUP} ${DEMO_BRANCHES[0]}`, undefined, /已创建/);
  await say('admin', `绑定 ${DEMO_BRANCHES[0]}`, 'g1', /已绑定/);
  await say('admin', `绑定 ${DEMO_BRANCHES[1]}`, 'g2', /已绑定/);
  for (const [id, name, unit, title] of DEMO_PEOPLE) {
    const invite = await say('admin', `邀请 ${title === '委员' ? '党员' : title} ${unit}`);
    const code = /邀请码：([A-Z2-9]{8})/.exec(invite)?.[1];
    if (!code) throw new Error(`demo: no invite code in:\n${invite}`);
    await say(id, `加入 ${code} ${name}`, undefined, /欢迎/);
  }
  // 张三 becomes a 委员 the way a 书记 makes one.
  await say('sec1', '任命 @张三 委员', 'g1', /已任命/);

  // 党员大会 two weeks ago: 李四 asked leave, 赵大爷 was signed in by 王书记, 孙八 made up later,
  // 周九 did not come.
  at(local(-21, 10));
  const big = number(
    await say('sec1', `会议 党员大会 ${when(local(-14, 15))} 党员活动室 学习党章`, 'g1', /已安排会议 #\d+/),
    /会议 #(\d+)/,
  );
  at(local(-15, 20));
  await say('m2', `请假 ${big} 外出就医`, undefined, /已请假/);
  at(local(-14, 15) - 10 * 60_000);
  for (const id of ['sec1', 'm1', 'demo-qian']) await say(id, `签到 ${big}`, 'g1', /签到成功/);
  await say('sec1', `代签 @赵大爷 ${big}`, 'g1', /已为 赵大爷 代签/);
  at(local(-14, 17));
  const makeup = await say('demo-sun', `补签 ${big} 手机没电，实际参会`, undefined, /补签/);
  const request = number(makeup, /#(\d+)/);
  if (request) await say('sec1', `批准 ${request}`, undefined, /已批准/);

  // Volunteers and two pairings.
  at(local(-12, 19));
  await say('m2', '志愿者 护理,买菜 阳光小区 周末', undefined, /已登记志愿者/);
  await say('demo-chen', '志愿者 心理疏导,谈心 阳光小区 工作日晚上', undefined, /已登记志愿者/);
  const needs: number[] = [];
  for (const [from, chat, text, household] of [
    ['sec1', 'g1', '求助 助老 每周六上午陪同买菜 阳光小区 紧急', ['刘阿姨', '13800138000', '阳光小区3号楼1单元201']],
    [
      'demo-liu',
      'g2',
      '求助 心理 独居老人需要有人陪着说说话 阳光小区',
      ['陈大爷', '13800138001', '阳光小区5号楼2单元302'],
    ],
  ] as const) {
    const need = number(await say(from, text, chat, /已登记需求 #\d+/), /需求 #(\d+)/);
    for (const answer of ['同意', ...household]) await say(from, answer);
    await say(from, '确认', undefined, /已加密保存/);
    needs.push(need);
  }
  await say('sec1', `结对 ${needs[0]}`, 'g1', /推荐志愿者/);
  await say('sec1', `派单 ${needs[0]} @李四`, 'g1', /派给/);
  await say('m2', `接单 ${needs[0]}`, undefined, /已接单/);
  await say('demo-liu', `派单 ${needs[1]} @陈大姐`, 'g2', /派给/);
  await say('demo-chen', `接单 ${needs[1]}`, undefined, /已接单/);
  // 第二支部's 主题党日 a week ago; 冯三 was away for work.
  at(local(-10, 10));
  const day = number(
    await say('demo-liu', `会议 主题党日 ${when(local(-7, 9))} 社区广场 清理楼道杂物`, 'g2', /已安排会议 #\d+/),
    /会议 #(\d+)/,
  );
  at(local(-7, 9) - 5 * 60_000);
  for (const id of ['demo-liu', 'demo-chen', 'demo-wu']) await say(id, `签到 ${day}`, 'g2', /签到成功/);
  at(local(-7, 12));
  await say('demo-liu', `会议设置 ${day} 缺席原因 @冯三 外出务工`, 'g2', /外出务工/);

  at(local(-6, 11));
  await say('m2', `服务 ${needs[0]} 2小时 陪同买菜，帮忙拎回家`, undefined, /已记录/);

  // Coming up: a 党课 next week and the 党小组's meeting.
  at(local(-1, 10));
  const lesson = number(
    await say('sec1', `会议 党课 ${when(local(6, 15))} 党员活动室 学习二十届四中全会精神`, 'g1', /已安排会议 #\d+/),
    /会议 #(\d+)/,
  );
  const group = number(
    await say('sec1', `会议 党小组会 ${when(local(4, 19.5))} 组织:${DEMO_GROUP} 钱七家`, undefined, /已安排会议 #\d+/),
    /会议 #(\d+)/,
  );

  // A notice of the 党委 to both branches, half of the people confirmed. (Named one by one: a notice
  // to the 党委 itself reaches only chats bound to the 党委 for now.)
  at(local(-1, 11));
  const notice0 = `通知 本周六上午9点在社区广场开展志愿服务，请各支部党员参加 到 ${DEMO_BRANCHES.join(',')}`;
  await say('admin', notice0, undefined, /确认发送/);
  const notice = number(await say('admin', '确认发送', undefined, /通知 #\d+/), /通知 #(\d+)/);
  at(local(-1, 12));
  for (const id of ['sec1', 'm1', 'm3', 'demo-liu', 'demo-chen']) await say(id, `收到 ${notice}`, undefined, /已确认/);

  at(0);
  return { created: true, meetings: { past: [big, day], upcoming: [lesson, group] }, notice };
}
