import { expect } from 'vitest';
import type { HandledEvent } from '../../adapters/wechaty/index.js';
import { inviteCode } from './core.js';
import type { Sent } from './wechaty-mock.js';

/** What the shared WeChat scenario needs from a setup: in-process (one process) or gateway (three). */
export interface ScenarioDriver {
  /** `from` says `text`; resolves when the adapter has handled it, with what the bot sent meanwhile. */
  say(from: string, text: string, opts?: { room?: string; mentions?: string[] }): Promise<Sent[]>;
  /** `from` says `text`; resolves with how the adapter handled it (how many replies the core gave). */
  sayHandled(from: string, text: string, opts?: { room?: string; mentions?: string[] }): Promise<HandledEvent>;
  /** Sends a non-text message (an image) into `room`; resolves with how it was handled. */
  sendImage(from: string, room: string): Promise<HandledEvent>;
  /** When the meeting is, as typed after 会议 党员大会 (in the org's time zone). */
  meetingTime: string;
  /** Makes "now" fall inside the meeting's check-in window. */
  enterWindow(): Promise<void> | void;
  /** Lets the outbox go out (in-process: one relay round; a gateway's relay runs by itself). */
  deliver(): Promise<void>;
  waitSent(test: (s: Sent) => boolean, what: string): Promise<Sent>;
  waitHandled(messageId: string): Promise<HandledEvent>;
  sent(): Sent[];
}

export const ROOM = 'r1@chatroom';
const BOT = 'wxid_bot';
const ADMIN = 'wxid_admin';
const ZHANG = 'wxid_zhang';
const LI = 'wxid_li';
const AT_BOT = '@先锋助手\u2005';

/** The one send among `sent` into `room` (or to `to`) whose text contains `part`. */
function reply(sent: Sent[], where: { room?: string; to?: string }, part: string): string {
  const hit = sent.find((s) => (where.room ? s.roomId === where.room : s.to === where.to) && s.text.includes(part));
  if (!hit)
    throw new Error(
      `no reply containing "${part}" ${JSON.stringify(where)} among ${JSON.stringify(sent.map((s) => s.text))}`,
    );
  return hit.text;
}

/**
 * A branch run entirely from WeChat: set up by the administrator, who gets invite codes privately
 * when asking in the room; a member joins with one in the room and another in a direct chat, a
 * meeting is scheduled and checked in to, an officer asks for 考勤, a notice goes out through the
 * outbox into the room and is confirmed with 收到, a chase mentions exactly the one who has not
 * confirmed, and chatter, images and the bot's own messages get no answer.
 */
export async function runScenario(d: ScenarioDriver): Promise<void> {
  const inRoom = { room: ROOM };
  const toBot = { room: ROOM, mentions: [BOT] };

  // Direct chat with the administrator: answers go to the person.
  reply(await d.say(ADMIN, '建组织 泰山区某社区党委'), { to: ADMIN }, '已创建党委「泰山区某社区党委」');
  reply(await d.say(ADMIN, '建组织 第一支部 泰山区某社区党委'), { to: ADMIN }, '已创建支部「第一支部」');

  // In the room the bot is @-mentioned; the mention is not part of the command.
  reply(await d.say(ADMIN, `${AT_BOT}绑定 第一支部`, toBot), inRoom, '本群已绑定到「第一支部」');
  // The code goes to the administrator privately; the room only hears that it did.
  const issued = await d.say(ADMIN, `${AT_BOT}邀请`, toBot);
  reply(issued, inRoom, '邀请码已私信发给你');
  const code = inviteCode(reply(issued, { to: ADMIN }, '邀请码：'));
  expect(issued.filter((s) => s.roomId === ROOM && s.text.includes(code))).toEqual([]);
  reply(await d.say(ZHANG, `${AT_BOT}加入 ${code} 张三`, toBot), inRoom, '欢迎 张三 加入「第一支部」，角色：党员');
  const code2 = inviteCode(reply(await d.say(ADMIN, '邀请', inRoom), { to: ADMIN }, '邀请码：'));
  reply(await d.say(LI, `加入 ${code2} 李四`), { to: LI }, '欢迎 李四 加入「第一支部」');

  // A meeting, a check-in inside its window, and the officer's attendance record.
  reply(
    await d.say(ADMIN, `会议 党员大会 ${d.meetingTime} 党员活动室`, inRoom),
    inRoom,
    '已安排会议 #1：第一支部 党员大会',
  );
  await d.enterWindow();
  expect(reply(await d.say(ZHANG, '签到', inRoom), inRoom, '签到成功')).toMatch(
    /^张三 签到成功（会议 #1(，迟到 \d+ 分钟)?）$/,
  );
  const roll = reply(await d.say(ADMIN, '考勤', inRoom), inRoom, '考勤 #1');
  expect(roll).toContain('应到 2 人');
  expect(roll).toContain('实到 1 人：张三');
  expect(roll).toContain('未签到 1 人：李四');

  // A notice: drafted, sent through the outbox into the room, confirmed with 收到.
  reply(await d.say(ADMIN, '通知 周五下午3点在党员活动室集中学习', inRoom), inRoom, '通知草稿 #1');
  reply(await d.say(ADMIN, '确认发送', inRoom), inRoom, '通知 #1 已发往 1 个群（2 人需确认）');
  await d.deliver();
  const notice = await d.waitSent(
    (s) => s.roomId === ROOM && s.text.startsWith('【通知 #1】'),
    'the notice in the room',
  );
  expect(notice.text).toContain('周五下午3点在党员活动室集中学习');
  expect(reply(await d.say(ZHANG, '收到', inRoom), inRoom, '已确认通知')).toBe('张三 已确认通知 #1（第 1 位）。');

  // The chase mentions only 李四, as a real mention: room.say puts "@李四" in front (the mock keeps no ids).
  reply(await d.say(ADMIN, '催办', inRoom), inRoom, '已向 1 个群发出催办');
  await d.deliver();
  const chase = await d.waitSent((s) => s.roomId === ROOM && s.text.includes('【催办】'), 'the chase in the room');
  expect(chase.text).toMatch(/^@李四[\u2005 ]【催办】通知 #1 还有 1 人未确认/);
  expect(chase.text).not.toContain('@张三');
  expect(chase.text).not.toContain('@王书记');

  // Chatter reaches the core and gets no answer. An image comes as an attachment: this one is posted
  // during the meeting, so the core asks for its bytes, and the puppet has none (an emitted payload,
  // no file): one short line says it was not kept. (Counted from the core's answer, not from what
  // the room saw: a relay may be delivering something meanwhile.)
  expect(await d.sayHandled(LI, '大家好，今天天气不错', inRoom)).toMatchObject({ outcome: 'answered', replies: 0 });
  expect(await d.sayHandled(LI, '签到了吗大家', inRoom)).toMatchObject({ outcome: 'answered', replies: 0 });
  expect(await d.sendImage(LI, ROOM)).toMatchObject({ outcome: 'answered', replies: 1 });

  // Every message the bot sent came back to it as a message, and each was ignored.
  const own = d.sent();
  expect(own.length).toBeGreaterThanOrEqual(14);
  for (const s of own) expect((await d.waitHandled(s.id)).outcome).toBe('ignored');
}
