import { ScanStatus } from 'wechaty';
import { PuppetMock } from 'wechaty-puppet-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { terminalQr } from '../../../adapters/wechaty/lifecycle.js';
import { loadPuppet, PuppetLoadError } from '../../../adapters/wechaty/puppet.js';
import { planMentions } from '../../../adapters/wechaty/send.js';
import { WECHAT_LOGGED_OUT_RETRY_MS } from '../../../adapters/wechaty/constants.js';
import { rows } from '../../helpers/meetings.js';
import { enqueueRows } from '../../helpers/outbox-rows.js';
import { createWechatyTest, type WechatyTest } from '../../helpers/wechaty.js';
import { WORLD } from '../../helpers/wechaty-mock.js';

let w: WechatyTest;
afterEach(async () => {
  await w?.close();
});

const ROOM = 'r1@chatroom';
const crowd = Array.from({ length: 12 }, (_, i) => ({ id: `wxid_p${i}`, name: `成员${i}` }));

describe('login, logout and the QR code', () => {
  it(
    'prints the login QR code and logs login and logout; ' + 'rows wait while logged out and go after the next login',
    async () => {
      w = await createWechatyTest();
      w.world.mocker.scan('https://login.weixin.qq.com/l/abc123', ScanStatus.Waiting);
      await expect.poll(() => w.qr).toEqual(['https://login.weixin.qq.com/l/abc123']);
      const scanLog = w.t.log.lines.find((l) => l.msg.includes('waiting for a scan'));
      expect(scanLog?.fields?.url).toBe(
        `https://wechaty.js.org/qrcode/${encodeURIComponent('https://login.weixin.qq.com/l/abc123')}`,
      );

      // A puppet that lost its network repeats one error many times: logged once.
      for (let i = 0; i < 5; i++) w.world.puppet.emit('error', { gerror: 'getaddrinfo ENOTFOUND login.wx.qq.com' });
      await expect.poll(() => w.t.log.lines.filter((l) => l.msg === 'wechat: error').length).toBe(1);

      const loggedOut = new Promise<void>((r) => w.adapter.bot.once('logout', () => r()));
      await w.world.puppet.logout('test');
      await loggedOut;
      expect(w.t.log.lines.some((l) => l.level === 'warn' && l.msg.startsWith('wechat: logged out'))).toBe(true);

      await enqueueRows(w.t, [{ platform: 'wechat', chatId: ROOM, kind: 'notice', ref: '1', text: '【通知 #1】测试' }]);
      expect(await w.relay().runOnce()).toMatchObject({ sent: 0, retried: 1 });
      const [row] = await rows(w.t, 'SELECT status, attempts, not_before FROM outbox');
      // A logout is not the message failing: no attempt counted, tried again after a wait.
      expect(row).toEqual({
        status: 'pending',
        attempts: 0,
        not_before: w.t.clock.now().getTime() + WECHAT_LOGGED_OUT_RETRY_MS,
      });

      const loggedIn = new Promise<void>((r) => w.adapter.bot.once('login', () => r()));
      w.world.login();
      await loggedIn;
      w.t.clock.advance(WECHAT_LOGGED_OUT_RETRY_MS);
      expect(await w.relay().runOnce()).toMatchObject({ sent: 1 });
      expect(w.world.sent.items.map((s) => [s.roomId, s.text])).toEqual([[ROOM, '【通知 #1】测试']]);
    },
  );
});

describe('the terminal QR code', () => {
  it('draws a code a phone can scan, with the link under it', () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((s: string) => void printed.push(s));
    try {
      terminalQr('https://login.weixin.qq.com/l/abc123', 'https://wechaty.js.org/qrcode/x');
    } finally {
      spy.mockRestore();
    }
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('用微信扫描二维码登录');
    expect(printed[0]).toMatch(/[▀▄█]{10}/);
    expect(printed[0]).toContain('https://wechaty.js.org/qrcode/x');
  });
});

describe('what the adapter hands the core', () => {
  it(
    'room messages carry the people mentioned (not the bot), ' +
      'text without the mentions; direct messages are direct',
    async () => {
      w = await createWechatyTest();
      await w.say('wxid_admin', '@先锋助手\u2005代签 @李四\u2005', { room: ROOM, mentions: ['wxid_bot', 'wxid_li'] });
      expect(w.seen.at(-1)).toMatchObject({
        chatType: 'group',
        text: '代签',
        mentionsBot: true,
        mentions: [{ id: 'wxid_li', name: '李四' }],
      });
      await w.say('wxid_zhang', '帮助');
      expect(w.seen.at(-1)).toMatchObject({
        chatType: 'direct',
        chatId: 'wxid_zhang',
        senderId: 'wxid_zhang',
        senderName: '张三',
        text: '帮助',
        mentions: [],
      });
      expect(w.seen.at(-1)!.chatName).toBeUndefined();
    },
  );

  it('ignores the bot itself, official accounts and messages older than five minutes', async () => {
    w = await createWechatyTest({
      world: { ...WORLD, people: [...WORLD.people, { id: 'gh_news', name: '某公众号', type: 2 }] },
    });
    const before = w.seen.length;
    const ids = [
      w.world.emit({ talkerId: 'wxid_bot', roomId: ROOM, text: '帮助' }),
      w.world.emit({ talkerId: 'gh_news', text: '帮助' }),
      w.world.emit({ talkerId: 'wxid_zhang', text: '帮助', timestamp: Date.now() - 6 * 60_000 }),
    ];
    for (const id of ids) expect((await w.world.waitHandled(id)).outcome).toBe('ignored');
    expect(w.seen.length).toBe(before);
    // Nothing was sent but the bot's own message that we injected.
    expect(w.world.sent.items.map((s) => s.id)).toEqual([ids[0]]);
  });
});

describe('the deliverer', () => {
  it('sends a direct row to the person, mentions at most WECHAT_MAX_MENTIONS and lists the rest by name', async () => {
    const world = {
      ...WORLD,
      people: [...WORLD.people, ...crowd],
      rooms: [{ ...WORLD.rooms[0]!, members: [...WORLD.rooms[0]!.members, ...crowd.map((p) => p.id)] }],
    };
    w = await createWechatyTest({ world, settings: { WECHAT_MAX_MENTIONS: 10 } });
    await enqueueRows(w.t, [
      {
        platform: 'wechat',
        chatId: 'wxid_zhang',
        direct: true,
        kind: 'makeup.decision',
        ref: '1',
        text: '你的补签已批准。',
      },
      {
        platform: 'wechat',
        chatId: ROOM,
        kind: 'notice.chase',
        ref: '1.1',
        text: '【催办】请回复「收到 1」。',
        mentions: crowd,
      },
    ]);
    expect(await w.relay().runOnce()).toMatchObject({ sent: 2 });
    expect(w.world.sent.items.find((s) => s.to === 'wxid_zhang')?.text).toBe('你的补签已批准。');
    const chase = w.world.sent.items.find((s) => s.roomId === ROOM)!.text;
    const [head, rest] = chase.split('【催办】');
    expect(head!.match(/@成员\d+/g)).toEqual(crowd.slice(0, 10).map((p) => `@${p.name}`));
    expect(rest).toBe('请回复「收到 1」。\n另有：成员10、成员11');
  });

  it('a room the account is not in is a failure the relay retries', async () => {
    w = await createWechatyTest();
    await enqueueRows(w.t, [{ platform: 'wechat', chatId: 'gone@chatroom', kind: 'notice', ref: '1', text: 'x' }]);
    expect(await w.relay().runOnce()).toMatchObject({ sent: 0, retried: 1 });
    const [row] = await rows(w.t, 'SELECT status, attempts, last_error FROM outbox');
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'DeliveryError: WeChat room gone@chatroom not found',
    });
  });
});

describe('answers', () => {
  it('one answer that cannot be sent does not stop the next', async () => {
    w = await createWechatyTest();
    await w.say('wxid_admin', '建组织 第一支部');
    await w.say('wxid_admin', '绑定 第一支部', { room: ROOM });
    await w.say('wxid_admin', '会议 党课 今天下午3点', { room: ROOM });
    const puppet = w.world.puppet as unknown as { messageSendText: (id: string, text: string) => Promise<unknown> };
    const original = puppet.messageSendText.bind(puppet);
    puppet.messageSendText = async (id, text) => {
      if (id === ROOM) throw new Error('room send refused');
      return original(id, text);
    };
    const sent = await w.say('wxid_admin', '导出 1', { room: ROOM });
    // The room's "已私信" failed; the link still reached the officer directly.
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe('wxid_admin');
    expect(sent[0]!.text).toContain('导出（含成员姓名，仅限书记、委员使用，请勿转发）');
    expect(w.t.log.lines.some((l) => l.msg === 'wechat: reply not sent' && l.fields?.chatId === ROOM)).toBe(true);
  });
});

describe('mention planning', () => {
  it('takes out "@name" the text already spells, drops duplicates and ids-less entries, and caps', () => {
    const li = { id: 'wxid_li', name: '李四' };
    expect(planMentions('@李四 请回复收到', [li, li, { id: '', name: '无名' }], 10)).toEqual({
      text: '请回复收到',
      mention: [li],
      listed: [],
    });
    expect(planMentions('通知 @李四\u2005看一下', [li], 10).text).toBe('通知 看一下');
    expect(planMentions('请 @李四丰 看', [li], 10).text).toBe('请 @李四丰 看');
    expect(planMentions('催办', [li], 0)).toEqual({ text: '催办\n另有：李四', mention: [], listed: ['李四'] });
  });
});

describe('loading the puppet named by WECHATY_PUPPET', () => {
  it('loads an installed puppet by name and explains a missing one', async () => {
    expect(await loadPuppet('wechaty-puppet-mock')).toBeInstanceOf(PuppetMock);
    await expect(loadPuppet('wechaty-puppet-not-installed')).rejects.toThrow(
      new PuppetLoadError(
        'WECHATY_PUPPET=wechaty-puppet-not-installed: the package is not installed. ' +
          'Install it with: npm install wechaty-puppet-not-installed',
      ),
    );
    await expect(loadPuppet('../../etc/passwd')).rejects.toThrow(PuppetLoadError);
  });
});
