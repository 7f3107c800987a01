import { afterEach, describe, expect, it } from 'vitest';
import { heldTexts } from '../../../commands/outbox-admin/texts.js';
import { platformLabel } from '../../../src/services/outbox-admin/held.js';
import { addMember, rows } from '../../helpers/meetings.js';
import { enqueueRows } from '../../helpers/outbox-rows.js';
import { createWechatyTest, type WechatyTest } from '../../helpers/wechaty.js';
import { WORLD, type Sent } from '../../helpers/wechaty-mock.js';

let w: WechatyTest;
afterEach(async () => {
  await w?.close();
});

const R1 = 'r1@chatroom';
const R2 = 'r2@chatroom';
const GAP_MS = 200;
const TWO_ROOMS = {
  ...WORLD,
  rooms: [...WORLD.rooms, { id: R2, topic: '第二支部群', members: WORLD.rooms[0]!.members }],
};

/** Gaps between consecutive sends of `sent` that match `where`, in ms. */
function gaps(sent: Sent[], where: (s: Sent) => boolean): number[] {
  const at = sent.filter(where).map((s) => s.at);
  return at.slice(1).map((t, i) => t - at[i]!);
}

describe('WeChat pacing', () => {
  it('no two sends to one room closer than WECHAT_ROOM_GAP_MS; rooms go in parallel', async () => {
    w = await createWechatyTest({
      world: TWO_ROOMS,
      settings: { WECHAT_ROOM_GAP_MS: GAP_MS, WECHAT_ROOM_JITTER_MS: 50, WECHAT_RATE_PER_MIN: 100 },
    });
    const n = 5;
    w.t.clock.set(new Date()); // rows due now on the system clock the relay runs on
    await enqueueRows(w.t, [
      ...Array.from({ length: n }, (_, i) => ({
        platform: 'wechat',
        chatId: R1,
        kind: 'notice',
        ref: `a${i}`,
        text: `一群 ${i}`,
      })),
      ...Array.from({ length: n }, (_, i) => ({
        platform: 'wechat',
        chatId: R2,
        kind: 'notice',
        ref: `b${i}`,
        text: `二群 ${i}`,
      })),
    ]);
    expect(await w.relay({ clock: 'system' }).runOnce()).toMatchObject({ sent: 2 * n });
    const sent = w.world.sent.items;
    expect(sent.filter((s) => s.roomId === R1).map((s) => s.text)).toEqual(
      Array.from({ length: n }, (_, i) => `一群 ${i}`),
    );
    for (const room of [R1, R2]) {
      const g = gaps(sent, (s) => s.roomId === room);
      expect(g).toHaveLength(n - 1);
      for (const gap of g) expect(gap).toBeGreaterThanOrEqual(GAP_MS);
    }
    // The two rooms were paced side by side, not one after the other.
    const first2 = sent.findIndex((s) => s.roomId === R2);
    const last1 = sent.findLastIndex((s) => s.roomId === R1);
    expect(first2).toBeLessThan(last1);
  });

  it('answers in one chat are spaced by WECHAT_REPLY_GAP_MS too', async () => {
    w = await createWechatyTest({ settings: { WECHAT_REPLY_GAP_MS: GAP_MS } });
    const ids = ['帮助', '我的', '帮助 签到'].map((text) => w.world.say('wxid_zhang', text));
    for (const id of ids) await w.world.waitHandled(id);
    const g = gaps(w.world.sent.items, (s) => s.to === 'wxid_zhang');
    expect(g).toHaveLength(2);
    for (const gap of g) expect(gap).toBeGreaterThanOrEqual(GAP_MS);
  });

  it(
    'the daily cap holds rows until 07:00 the next day, ' + 'officers are told once a day, and 投递失败 shows them',
    async () => {
      w = await createWechatyTest({
        settings: { WECHAT_DAILY_CAP: 2, WECHAT_ROOM_GAP_MS: 100, WECHAT_ROOM_JITTER_MS: 0 },
      });
      await w.say('wxid_admin', '建组织 第一支部');
      await w.say('wxid_admin', '绑定 第一支部', { room: R1 });
      // A secretary who also uses the playground, and a committee member on WeChat only.
      await addMember(w.t, { userId: 'sec', name: '赵书记', unit: '第一支部', title: '书记', platform: 'playground' });
      await addMember(w.t, { userId: 'wxid_zhang', name: '张三', unit: '第一支部', title: '委员', platform: 'wechat' });
      const notices = (from: number, to: number) =>
        Array.from({ length: to - from + 1 }, (_, i) => ({
          platform: 'wechat',
          chatId: R1,
          kind: 'notice',
          ref: String(from + i),
          text: `【通知 #${from + i}】`,
        }));
      const notices1 = () =>
        w.world.sent.items.filter((s) => s.roomId === R1 && s.text.startsWith('【通知')).map((s) => s.text);
      await enqueueRows(w.t, notices(1, 4));

      expect(await w.relay().runOnce()).toMatchObject({ sent: 2, deferred: 2 });
      const tomorrow7 = Date.parse('2026-12-01T23:00:00Z'); // 2026-12-02 07:00 in Shanghai
      expect(
        await rows(
          w.t,
          "SELECT ref, not_before, last_error FROM outbox WHERE kind = 'notice' AND status = 'pending' ORDER BY id",
        ),
      ).toEqual([
        { ref: '3', not_before: tomorrow7, last_error: 'daily-cap' },
        { ref: '4', not_before: tomorrow7, last_error: 'daily-cap' },
      ]);
      // The secretary is told on the platform that is not capped; the WeChat-only member is not sent one.
      const told = "SELECT platform, chat_id, direct, text FROM outbox WHERE kind = 'delivery.held' ORDER BY id";
      const heldText = heldTexts.held({
        platformLabel: platformLabel(w.t.core.deps.platforms, 'wechat'),
        resumeAt: tomorrow7,
        timeZone: 'Asia/Shanghai',
      });
      expect(await rows(w.t, told)).toEqual([{ platform: 'playground', chat_id: 'sec', direct: 1, text: heldText }]);
      // …but sees the held rows in 投递失败, asked through WeChat.
      const failed = await w.sayText('wxid_zhang', '投递失败');
      expect(failed).toContain('没有投递失败的消息。');
      expect(failed).toContain('另有 2 条因账号每日发送上限顺延，将于 12月2日(周三) 07:00 起自动发出：');
      expect(failed).toMatch(/#3 通知 → 第一支部群（wechat）\n#4 通知 → 第一支部群（wechat）/);

      // More rows the same day wait too, and nobody is told twice.
      await enqueueRows(w.t, notices(5, 5));
      expect(await w.relay().runOnce()).toMatchObject({ sent: 0, deferred: 1 });
      expect(await rows(w.t, told)).toHaveLength(1);
      expect(notices1()).toEqual(['【通知 #1】', '【通知 #2】']);

      // The next morning the cap starts again: two more go, the last waits for the day after.
      w.t.clock.set(new Date(tomorrow7));
      expect(await w.relay().runOnce()).toMatchObject({ sent: 2, deferred: 1 });
      expect(notices1()).toEqual(['【通知 #1】', '【通知 #2】', '【通知 #3】', '【通知 #4】']);
      expect(await rows(w.t, told)).toHaveLength(2);
      w.t.clock.set(new Date(tomorrow7 + 24 * 3_600_000));
      expect(await w.relay().runOnce()).toMatchObject({ sent: 1 });
      expect(await rows(w.t, "SELECT count(*) AS n FROM outbox WHERE kind = 'notice' AND status = 'sent'")).toEqual([
        { n: 5 },
      ]);
    },
  );
});
