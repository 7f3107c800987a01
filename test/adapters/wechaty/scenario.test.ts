import { afterEach, describe, expect, it } from 'vitest';
import { at } from '../../helpers/meetings.js';
import { createWechatyTest, type WechatyTest } from '../../helpers/wechaty.js';
import { runScenario } from '../../helpers/wechaty-scenario.js';

let w: WechatyTest;
afterEach(async () => {
  await w?.close();
});

describe('a branch run from a WeChat room (Wechaty + wechaty-puppet-mock, core in process)', () => {
  it(
    'join, check-in, 考勤, a notice delivered by the relay and confirmed, ' +
      'a chase with a real mention, chatter ignored',
    async () => {
      w = await createWechatyTest();
      await runScenario({
        say: (from, text, o) => w.say(from, text, o),
        sayHandled: async (from, text, o) => {
          const before = w.world.sent.items.length;
          const e = await w.world.waitHandled(w.world.say(from, text, o));
          expect(w.world.sent.items.length).toBe(before); // nothing else runs here: the room stayed quiet
          return e;
        },
        sendImage: async (from, room) => w.world.waitHandled(w.world.sendImage(from, room)),
        // The ManualClock starts at 2026-12-01 10:00 in Shanghai.
        meetingTime: '今天下午3点',
        enterWindow: () => at(w.t, '2026-12-01 14:50'),
        deliver: async () => {
          expect(await w.relay().runOnce()).toMatchObject({ dead: 0, retried: 0 });
        },
        waitSent: (test, what) => w.world.waitSent(test, what),
        waitHandled: (id) => w.world.waitHandled(id),
        sent: () => w.world.sent.items,
      });
      // The core never saw the bot's own messages; it saw the chatter and the image (and answered nothing).
      expect(w.seen.some((m) => m.senderId === 'wxid_bot')).toBe(false);
      expect(w.seen.filter((m) => m.attachments?.length)).toMatchObject([
        { text: '', attachments: [{ kind: 'image' }] },
      ]);
      expect(w.seen.filter((m) => m.text.includes('天气'))).toHaveLength(1);
      // Messages arrived as the contract says: room, topic, names, mention of the bot stripped from the text.
      const join = w.seen.find((m) => m.text.startsWith('加入') && m.chatType === 'group')!;
      expect(join).toMatchObject({
        platform: 'wechat',
        chatId: 'r1@chatroom',
        chatName: '第一支部群',
        senderId: 'wxid_zhang',
        senderName: '张三',
        mentionsBot: true,
        mentions: [],
      });
      const audit = await w.t.store.client.execute("SELECT actor FROM audit_log WHERE action = 'chat.bind'");
      expect(audit.rows[0]!.actor).toBe('wechat:wxid_admin');
    },
  );
});
