import { describe, expect, it } from 'vitest';
import { PlatformLimiter, SlidingWindow } from '../../../src/outbox/limits.js';
import { larkLimits } from '../../../adapters/lark/index.js';
import { wechatyConfig, wechatyLimits } from '../../../adapters/wechaty/index.js';

/** Sends one message to `chat` as soon as allowed from `t`, answered instantly; returns when it went. */
function sendAt(l: PlatformLimiter, chat: string, t: number): number {
  const at = l.earliest(chat, t);
  l.take(chat, at)(at);
  return at;
}

describe('SlidingWindow', () => {
  it('allows `limit` sends in any window and names when the next one may go', () => {
    const w = new SlidingWindow({ limit: 3, windowMs: 1000 });
    for (const t of [0, 100, 200]) {
      expect(w.earliest(t)).toBe(t);
      w.take({ at: t });
    }
    expect(w.earliest(300)).toBe(1000);
    expect(w.earliest(1000)).toBe(1000);
    w.take({ at: 1000 });
    expect(w.earliest(1000)).toBe(1100);
  });

  it('holds a token while its request is in flight and counts the window from the answer', () => {
    const w = new SlidingWindow({ limit: 1, windowMs: 1000 });
    const stamp = { at: Infinity };
    w.take(stamp);
    expect(w.earliest(5000)).toBe(Infinity);
    stamp.at = 5200;
    expect(w.earliest(5300)).toBe(6200);
  });
});

describe('PlatformLimiter', () => {
  it('Lark defaults: 5 per second per chat, 50 per second and 1000 per minute per app', () => {
    const l = new PlatformLimiter({ ...larkLimits(), marginMs: 0 });
    const one = Array.from({ length: 6 }, () => sendAt(l, 'c:a', 0));
    expect(one).toEqual([0, 0, 0, 0, 0, 1000]);
    const l2 = new PlatformLimiter({ ...larkLimits(), marginMs: 0 });
    const times = Array.from({ length: 1001 }, (_, i) => sendAt(l2, `c:${i}`, 0));
    // Every second at most 50, and the 1001st waits for the first minute to pass.
    for (let i = 50; i < 1000; i++) expect(times[i]! - times[i - 50]!).toBeGreaterThanOrEqual(1000);
    expect(times[1000]).toBe(60_000);
  });

  it('WeChat: 3 s plus jitter between sends to a room, 20 per minute per account', () => {
    const random = () => 0.5;
    const l = new PlatformLimiter({ ...wechatyLimits(wechatyConfig(), 'Asia/Shanghai'), marginMs: 0 }, random);
    expect(sendAt(l, 'c:room', 0)).toBe(0);
    expect(sendAt(l, 'c:room', 0)).toBe(3000 + 1000);
    const others = Array.from({ length: 19 }, (_, i) => sendAt(l, `c:r${i}`, 5000));
    expect(others.slice(0, 18).every((t) => t === 5000)).toBe(true);
    expect(others[18]).toBe(60_000); // the 21st send of the minute
  });

  it('a daily cap holds rows until the resume hour of the next day, and counts sends made elsewhere', () => {
    const l = new PlatformLimiter({ dailyCap: 3, timeZone: 'Asia/Shanghai', dailyResumeHour: 7 });
    const noon = Date.parse('2026-12-01T04:00:00Z'); // 12:00 in Shanghai
    l.seedDayCount(2, noon);
    expect(sendAt(l, 'c:a', noon)).toBe(noon);
    expect(l.earliest('c:b', noon)).toBe(Date.parse('2026-12-01T23:00:00Z')); // 12-02 07:00 Shanghai
    expect(l.dayStart(noon)).toBe(Date.parse('2026-11-30T16:00:00Z'));
  });

  it('a 429 pauses the chat, or the whole app', () => {
    const l = new PlatformLimiter({});
    l.pause('c:a', 2000);
    expect(l.earliest('c:a', 0)).toBe(2000);
    expect(l.earliest('c:b', 0)).toBe(0);
    l.pause(null, 3000);
    expect(l.earliest('c:b', 0)).toBe(3000);
  });
});
