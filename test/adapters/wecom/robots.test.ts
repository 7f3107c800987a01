import { afterEach, describe, expect, it } from 'vitest';
import { wecomLimits } from '../../../adapters/wecom/config.js';
import { createWecomTest, type WecomTest } from '../../helpers/wecom.js';

let w: WecomTest;
afterEach(async () => {
  await w?.close();
});

const ROBOTS = 30;
/** More notices than a robot may take in a minute (20), and more sends than the bot's 600 a minute. */
const NOTICES = 21;
const keyOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('notices through group robots (the fake send API refuses a 21st message a minute with 45009)', () => {
  it(`${NOTICES} notices to ${ROBOTS} robot chats: every robot within 20/min, each notice once in each`, async () => {
    w = await createWecomTest();
    const dm = (text: string) => w.sayText({ from: 'admin', text });
    expect(await dm('建组织 第一支部')).toContain('已创建支部');
    for (let i = 0; i < ROBOTS; i++)
      expect(await dm(`绑定 第一支部 群机器人 ${keyOf(i)}`)).toContain('已把群机器人绑定');
    for (let n = 1; n <= NOTICES; n++) {
      expect(await dm(`通知 第${n}号通知\n内容 ${n} 到 第一支部`)).toContain(`通知草稿 #${n}`);
      expect(await dm('确认发送')).toContain(`已发往 ${ROBOTS} 个群`);
    }
    // The relay claims 100 rows a round: rounds every 5 s make the limits, not the batch, pace it.
    let rounds = 0;
    let deferred = 0;
    for (let sent = 0; sent < ROBOTS * NOTICES && rounds < 200; rounds++) {
      const r = await w.t.relay.runOnce();
      expect(r.dead).toBe(0);
      sent += r.sent;
      deferred += r.deferred;
      w.t.clock.advance(5_000);
    }
    expect(w.api.refused).toEqual([]);
    expect(w.api.robotSends).toHaveLength(ROBOTS * NOTICES);
    for (let i = 0; i < ROBOTS; i++) {
      expect(w.api.maxPerMinute(keyOf(i))).toBeLessThanOrEqual(20);
      const titles = w.api.robotSends
        .filter((s) => s.key === keyOf(i))
        .map((s) => /第(\d+)号通知/.exec(s.body.markdown!.content)![1]);
      expect(titles.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: NOTICES }, (_, k) => k + 1));
    }
    expect(deferred).toBeGreaterThan(0); // the limits held rows back
    expect(rounds * 5_000).toBeGreaterThan(60_000); // and made the relay take more than a minute
  });
});

describe('a group robot that refuses with 45009 (the relay allowed more than WeCom does)', () => {
  it('waits a minute after the refusal and sends every notice once', async () => {
    const limits = wecomLimits({ WECOM_CHAT_RATE_PER_MIN: 100, WECOM_RATE_PER_MIN: 600 });
    w = await createWecomTest({ adapter: { limits } });
    const dm = (text: string) => w.sayText({ from: 'admin', text });
    await dm('建组织 第一支部');
    expect(await dm(`绑定 第一支部 群机器人 ${keyOf(0)}`)).toContain('已把群机器人绑定');
    const count = 25;
    for (let n = 1; n <= count; n++) {
      await dm(`通知 第${n}号通知\n内容 ${n} 到 第一支部`);
      expect(await dm('确认发送')).toContain('已发往 1 个群');
    }
    let rounds = 0;
    for (let sent = 0; sent < count && rounds < 100; rounds++) {
      const r = await w.t.relay.runOnce();
      expect(r.dead).toBe(0);
      sent += r.sent;
      w.t.clock.advance(5_000);
    }
    // One refusal: after it the robot waited the minute out instead of being tried again and again.
    expect(w.api.refused).toHaveLength(1);
    const refusedAt = w.api.refused[0]!.at;
    const next = w.api.robotSends.find((s) => s.at > refusedAt)!;
    expect(next.at - refusedAt).toBeGreaterThanOrEqual(60_000);
    const numbers = w.api.robotSends.map((s) => Number(/第(\d+)号通知/.exec(s.body.markdown!.content)![1]));
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, k) => k + 1));
  });
});
