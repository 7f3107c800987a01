import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { formatDateTimeISO } from '../../../src/contracts/time.js';
import { GatewayHarness } from '../../helpers/wechaty-gateway.js';
import { WORLD } from '../../helpers/wechaty-mock.js';
import { ROOM, runScenario } from '../../helpers/wechaty-scenario.js';

let h: GatewayHarness | undefined;
afterEach(async () => {
  await h?.close();
});

const R2 = 'r2@chatroom';
const R3 = 'r3@chatroom';
const members = WORLD.rooms[0]!.members;
const WORLD3 = {
  ...WORLD,
  rooms: [...WORLD.rooms, { id: R2, topic: '第二支部群', members }, { id: R3, topic: '第三支部群', members }],
};
const URGENT = '紧急通知';
/** How the outbox text of the urgent notice (the scenario's notice is #1) begins. */
const URGENT_SEND = '【通知 #2】';
const GATEWAY_ENV = {
  RELAY_LEASE_MS: '3000',
  RELAY_POLL_MS: '100',
  RELAY_BACKOFF_BASE_MS: '200',
  WECHAT_ROOM_GAP_MS: '100',
  WECHAT_ROOM_JITTER_MS: '0',
  WECHAT_REPLY_GAP_MS: '0',
};

describe('the WeChat gateway beside a core in another process', () => {
  it('runs the same scenario over HTTP, and a gateway SIGKILLed mid-delivery loses no outbox row', async () => {
    h = await GatewayHarness.create(WORLD3);
    const g = h;
    onTestFailed(() => console.error(`what the core and the gateway printed:\n${g.output}`));
    // The first send of the urgent notice is made and then hangs: killed after the send, before its ack.
    await Promise.all([g.startCore(), g.startGateway({ ...GATEWAY_ENV, GATEWAY_HANG_ON: URGENT_SEND })]);
    const say = async (from: string, text: string, o: { room?: string; mentions?: string[] } = {}) => {
      const before = g.sent.items.length;
      await g.waitHandled(await g.say(from, text, o));
      return g.sent.items.slice(before);
    };

    await runScenario({
      say,
      sayHandled: async (from, text, o) => g.waitHandled(await g.say(from, text, o)),
      sendImage: async (from, room) => g.waitHandled(await g.sendImage(from, room)),
      // The core runs on the real clock: a meeting ten minutes from now has its check-in window open.
      meetingTime: formatDateTimeISO(new Date(Date.now() + 10 * 60_000), 'Asia/Shanghai'),
      enterWindow: () => undefined,
      deliver: async () => undefined, // the gateway's relay takes rows from the core by itself
      waitSent: (test, what) => g.sent.wait(test, what, 30_000),
      waitHandled: (id) => g.waitHandled(id),
      sent: () => g.sent.items,
    });

    // Two more branches with their rooms; one notice to all three.
    await say('wxid_admin', '建组织 第二支部 泰山区某社区党委');
    await say('wxid_admin', '建组织 第三支部 泰山区某社区党委');
    await say('wxid_admin', '@先锋助手\u2005绑定 第二支部', { room: R2, mentions: ['wxid_bot'] });
    await say('wxid_admin', '@先锋助手\u2005绑定 第三支部', { room: R3, mentions: ['wxid_bot'] });
    await say('wxid_admin', `通知 ${URGENT}：明早8点党员活动室集合 到 第一支部,第二支部,第三支部`, { room: ROOM });
    const firstSend = g.sent.wait((s) => s.text.startsWith(URGENT_SEND), 'the first urgent send', 30_000);
    expect((await say('wxid_admin', '确认发送', { room: ROOM })).map((s) => s.text).join()).toContain('已发往 3 个群');
    const hung = await firstSend;
    await g.killGateway();

    const db = g.database();
    const urgentRows = async () =>
      (
        await db.execute("SELECT chat_id, status FROM outbox WHERE kind = 'notice' AND ref = '2' ORDER BY chat_id")
      ).rows.map((r) => [r.chat_id, r.status]);
    try {
      expect((await urgentRows()).filter(([, s]) => s !== 'sent').length).toBeGreaterThan(0);

      // A new gateway: the dead one's lease runs out, its rows are claimed again and delivered.
      await g.startGateway(GATEWAY_ENV);
      for (const room of [ROOM, R2, R3])
        await g.sent.wait(
          (s) => s.roomId === room && s.text.startsWith(URGENT_SEND),
          `the urgent notice in ${room}`,
          60_000,
        );
      await expect.poll(urgentRows, { timeout: 30_000 }).toEqual([
        [ROOM, 'sent'],
        [R2, 'sent'],
        [R3, 'sent'],
      ]);
      // Nothing lost; a send whose ack died with the gateway went out again (WeChat has no idempotency key).
      const deliveries = g.sent.items.filter((s) => s.text.startsWith(URGENT_SEND));
      expect(new Set(deliveries.map((s) => s.roomId))).toEqual(new Set([ROOM, R2, R3]));
      // The hung send was made but never acknowledged: sent again, exactly once more. Sends in flight
      // in the other rooms at the kill may be sent twice too; none is sent a third time.
      expect(deliveries.filter((s) => s.roomId === hung.roomId)).toHaveLength(2);
      for (const room of [ROOM, R2, R3])
        expect(deliveries.filter((s) => s.roomId === room).length).toBeLessThanOrEqual(2);
      const [left] = (
        await db.execute("SELECT count(*) AS n FROM outbox WHERE platform = 'wechat' AND status <> 'sent'")
      ).rows;
      expect(Number(left!.n)).toBe(0);
    } finally {
      db.close();
    }
  }, 240_000);
});
