import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HELP_HINT } from '../../src/command/texts.js';
import { inviteCode, type TestCore } from '../helpers/core.js';
import { at, rows } from '../helpers/meetings.js';
import { createWorld, WORLD_GROUP } from '../helpers/world.js';

// Commands written the way people write them in chats (src/command/phrasing.ts), in groups and
// direct chats, and ordinary chatter holding the same words, which must get no reply in a group.
// The world (test/helpers/world.ts): notice #1 was just sent to g1 (第一支部), meeting #2's
// check-in is open; 陈红 (mem) is a member who has confirmed nothing.

let t: TestCore;
beforeEach(async () => {
  t = await createWorld();
});
afterEach(async () => {
  await t.close();
});

const group = (from: string, text: string) => t.say({ from, chat: WORLD_GROUP, text });
const direct = (from: string, text: string) => t.say({ from, text });
const acks = async (member = '陈红') =>
  rows(t, 'SELECT a.notice_id FROM notice_acks a JOIN members m ON m.id = a.member_id WHERE m.name = ?', [member]);
const checkins = async () =>
  rows(t, "SELECT a.status FROM attendance a JOIN members m ON m.id = a.member_id WHERE m.name = '陈红'");

describe('收到, as people write it', () => {
  const ACKS = [
    '收到！',
    '收到。',
    '收到了',
    '好的，收到',
    '收到收到',
    '已阅',
    '收到!!',
    '收到了。',
    '好的收到',
    '嗯嗯，收到了',
    '收到，谢谢！',
    '我已收到',
    '我已经收到了',
    '已收到',
    'OK 收到',
    '收到啦~',
    '@先锋助手 收到了',
    '/收到。',
    '已阅。',
    '收悉',
  ];

  it.each(ACKS)('「%s」 in the group confirms notice #1 (or says it was confirmed)', async (text) => {
    expect(await group('mem', text)).toMatch(/陈红 已(确认通知 #1（第 1 位）|于 .* 确认过通知 #1)/);
    expect(await acks()).toEqual([{ notice_id: 1 }]);
  });

  it.each(['收到了', '好的，收到', '已阅！', '收到收到'])('「%s」 in a direct chat confirms too', async (text) => {
    expect(await direct('mem', text)).toBe('陈红 已确认通知 #1（第 1 位）。');
  });

  it('「收到12」 names the notice, glued to the word', async () => {
    expect(await group('mem', '收到1')).toBe('陈红 已确认通知 #1（第 1 位）。');
  });
});

describe('「1」 after 「收到请回复1」', () => {
  it('confirms the notice open in the chat, once, for someone who has not confirmed', async () => {
    expect(await group('mem', '1')).toBe('陈红 已确认通知 #1（第 1 位）。');
    expect(await group('mem', '1')).toBe('');
    expect(await group('com', '１。')).toBe('周委员 已确认通知 #1（第 2 位）。');
    expect(await acks()).toEqual([{ notice_id: 1 }]);
  });

  it('says nothing from one who confirmed, from a non-member, or in a chat the notice did not reach', async () => {
    await group('mem', '收到');
    expect(await group('mem', '1')).toBe('');
    expect(await group('nobody', '1')).toBe('');
    expect(await t.say({ from: 'sec2', chat: 'g2', text: '1' })).toBe('');
    expect(await t.say({ from: 'mem', chat: 'g9', text: '1' })).toBe('');
  });

  it('is only a number once the notice is no longer open, and in a direct chat', async () => {
    expect(await direct('mem', '1')).toContain(HELP_HINT);
    at(t, '2026-12-04 12:01');
    expect(await group('mem', '1')).toBe('');
    expect(await acks()).toEqual([]);
  });
});

describe('签到, as people write it', () => {
  const CHECKINS = [
    '签到了',
    '签个到',
    '我签到',
    '签到2',
    '签到２',
    '@先锋助手 签到了',
    '签到！',
    '签到。',
    '我已签到',
    '签到签到',
  ];

  it.each(CHECKINS)('「%s」 in the group checks in to the open meeting', async (text) => {
    expect(await group('mem', text)).toMatch(/陈红 (签到成功（会议 #2|已签到)/);
    expect(await checkins()).toEqual([{ status: 'present' }]);
  });

  it.each(['签到了', '我签到', '签到2'])('「%s」 in a direct chat checks in too', async (text) => {
    expect(await direct('mem', text)).toMatch(/^陈红 签到成功（会议 #2/);
  });

  it('「签到14」 names a meeting that does not exist: the answer says so', async () => {
    expect(await group('mem', '签到14')).toContain('14');
    expect(await checkins()).toEqual([]);
  });
});

describe('请假 and 加入 glued to their words', () => {
  it('「请假，明天出差」 asks for leave from the next meeting', async () => {
    expect(await group('mem', '请假，明天出差')).toContain('陈红 已请假：#2 党课');
    expect(await direct('com', '请假：明天出差。')).toContain('周委员 已请假：#2 党课');
  });

  it('「加入URSAACAV赵大爷」 joins with the code and the name written together', async () => {
    const code = inviteCode(await group('admin', '邀请'));
    expect(await group('zhao', `加入${code}赵大爷`)).toContain('欢迎 赵大爷 加入「第一支部」');
    const code2 = inviteCode(await group('admin', '邀请'));
    expect(await direct('qian', `加入${code2}钱大妈。`)).toContain('欢迎 钱大妈 加入「第一支部」');
  });
});

describe('ordinary chatter holding the same words', () => {
  const CHATTER = [
    '我已经收到快递了',
    '收到12个快递',
    '收到快递了吗',
    '你收到了吗',
    '收到了吗',
    '收到？',
    '没收到',
    '还没收到呢',
    '收到的快递放哪了',
    '已阅读全文',
    '好的',
    '好的好的',
    '1楼',
    '11',
    '12',
    '一',
    '签到处在哪',
    '签到了吗',
    '谁签到了',
    '我签到不了',
    '签到表发群里了',
    '请假了',
    '请假条怎么写',
    '明天请假的人多吗',
    '加入了',
    '加入我们吧',
    '加入QQ群',
    '通知：明天下午开会',
    '会议：大家准备材料',
    '解绑了',
    '确认发送了吗',
    '帮我签到一下',
  ];

  it.each(CHATTER)('「%s」 from a member or an officer gets no reply in a group, and changes nothing', async (text) => {
    expect(await group('mem', text)).toBe('');
    expect(await group('sec', text.replace('通知：', '通知了：'))).toBe('');
    expect(await acks()).toEqual([]);
    expect(await checkins()).toEqual([]);
    expect(await rows(t, "SELECT 1 FROM chat_bindings WHERE chat_id = 'g1'")).toHaveLength(1);
  });
});

describe('closing punctuation anywhere', () => {
  it.each([
    ['会议列表。', '近期会议'],
    ['考勤 2！', '考勤 #2 党课'],
    ['帮助！', '你可以使用的命令'],
    ['我的。', '王书记'],
    ['成员 第一支部。', '「第一支部」成员'],
  ])('「%s」 is the command', async (text, shown) => {
    expect(await group('sec', text)).toContain(shown);
  });
});

describe('the bot @-mentioned in a group with something it does not understand', () => {
  it('answers with a short hint, as in a direct chat', async () => {
    expect(await group('mem', '@先锋助手 今天天气不错')).toContain(HELP_HINT);
    expect(await group('mem', '@先锋助手 签倒')).toContain('签到');
    // The platform says the bot was mentioned (its mention already taken out of the text).
    const body = {
      platform: 'playground',
      chatId: WORLD_GROUP,
      chatType: 'group',
      senderId: 'mem',
      messageId: 'm-mentioned',
      text: '今天天气不错',
      mentions: [],
      mentionsBot: true,
    };
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const res = await t.app.request('/v1/messages', init);
    const answer = (await res.json()) as { replies: { text: string }[] };
    expect(answer.replies.map((r) => r.text).join('')).toContain(HELP_HINT);
    expect(await group('mem', '今天天气不错')).toBe('');
  });
});

describe('帮助 says which words count', () => {
  it('for 收到 and 签到', async () => {
    const ack = await direct('mem', '帮助 收到');
    for (const w of ['收到了', '好的，收到', '收到收到', '已阅', '「1」']) expect(ack).toContain(w);
    const checkin = await direct('mem', '帮助 签到');
    for (const w of ['签到了', '我已签到', '签个到', '签到12']) expect(checkin).toContain(w);
  });
});
