import type { PlatformLimits, RateWindow } from '../contracts/adapter.js';
import { fromZoned, zonedParts } from '../contracts/time.js';

export type { PlatformLimits, RateWindow };

/** One send as the windows see it: `at` is Infinity while the request is in flight. */
interface Stamp {
  at: number;
}

/**
 * A token bucket whose tokens come back one window after the send that spent them was answered:
 * at most `limit` sends fall in any sliding window of `windowMs`, which is what a strict server
 * counts. (A classic refilling bucket allows up to twice the limit across a window boundary.)
 * Counting from the answer, not the start, keeps the bound whatever the latency: a request arrives
 * at the server before it is answered, and the next one that reuses its token starts after that.
 */
export class SlidingWindow {
  private stamps: Stamp[] = [];

  constructor(readonly spec: RateWindow) {}

  /**
   * Earliest instant >= now at which one more send keeps the window within its limit; Infinity
   * when that depends on a request still in flight.
   */
  earliest(now: number): number {
    this.compact(now);
    const excess = this.stamps.length - this.spec.limit + 1;
    if (excess <= 0) return now;
    const answered = this.stamps.filter((s) => s.at !== Infinity).map((s) => s.at);
    if (answered.length < excess) return Infinity;
    answered.sort((a, b) => a - b);
    return answered[excess - 1]! + this.spec.windowMs;
  }

  take(stamp: Stamp): void {
    this.stamps.push(stamp);
  }

  /** True when nothing in the window matters any more at `now`. */
  idle(now: number): boolean {
    this.compact(now);
    return this.stamps.length === 0;
  }

  private compact(now: number): void {
    const cutoff = now - this.spec.windowMs;
    if (this.stamps.some((s) => s.at <= cutoff)) this.stamps = this.stamps.filter((s) => s.at > cutoff);
  }
}

interface ChatState {
  windows: SlidingWindow[];
  /** Earliest next send: the previous answer + gap + jitter (Infinity while it is in flight). */
  nextAt: number;
  pausedUntil: number;
}

/** Call when the send's request was answered (or failed), with that instant. */
export type Settle = (answeredAt: number) => void;

/** Chats not heard from for this long are forgotten, to bound memory. */
const CHAT_STATE_IDLE_MS = 10 * 60_000;
const PRUNE_EVERY_TAKES = 5000;

/** Pacing for one platform: app windows, chat windows and gaps, a daily cap, and 429 pauses. */
export class PlatformLimiter {
  private readonly app: SlidingWindow[];
  private readonly chats = new Map<string, ChatState>();
  private pausedUntil = 0;
  private day = '';
  private dayCount = 0;
  private takes = 0;

  constructor(
    readonly spec: PlatformLimits,
    private readonly random: () => number = Math.random,
  ) {
    this.app = (spec.app ?? []).map((w) => new SlidingWindow(this.widen(w)));
  }

  /** Earliest instant >= now at which a send to `chat` is allowed; Infinity while that waits on an answer. */
  earliest(chat: string, now: number): number {
    let t = Math.max(now, this.pausedUntil);
    const c = this.chats.get(chat);
    if (c) t = Math.max(t, c.nextAt, c.pausedUntil, ...c.windows.map((w) => w.earliest(now)));
    for (const w of this.app) t = Math.max(t, w.earliest(now));
    if (t === Infinity) return t;
    if (this.spec.dailyCap !== undefined) {
      if (this.dayKey(t) === this.day && this.dayCount >= this.spec.dailyCap) t = Math.max(t, this.nextDay(t));
    }
    return t;
  }

  /** Records a send to `chat` starting at `at` (when `earliest(chat, at) <= at`); settle it when answered. */
  take(chat: string, at: number): Settle {
    const stamp: Stamp = { at: Infinity };
    for (const w of this.app) w.take(stamp);
    const c = this.chat(chat);
    for (const w of c.windows) w.take(stamp);
    if (this.spec.chatGapMs) c.nextAt = Infinity;
    if (this.spec.dailyCap !== undefined) {
      const key = this.dayKey(at);
      if (key !== this.day) {
        this.day = key;
        this.dayCount = 0;
      }
      this.dayCount++;
    }
    if (++this.takes % PRUNE_EVERY_TAKES === 0) this.prune(at);
    return (answeredAt) => {
      stamp.at = answeredAt;
      if (this.spec.chatGapMs)
        c.nextAt = answeredAt + this.spec.chatGapMs + Math.floor(this.random() * (this.spec.chatJitterMs ?? 0));
    };
  }

  /** Sends already made today (e.g. counted in the database by another process), if more than we know. */
  seedDayCount(count: number, now: number): void {
    const key = this.dayKey(now);
    if (key !== this.day) {
      this.day = key;
      this.dayCount = 0;
    }
    this.dayCount = Math.max(this.dayCount, count);
  }

  /** True when the daily cap is reached for the day of `now`: what waits now waits for the next day. */
  capped(now: number): boolean {
    return this.spec.dailyCap !== undefined && this.dayKey(now) === this.day && this.dayCount >= this.spec.dailyCap;
  }

  /** Start of the current day in the cap's time zone, or null when there is no daily cap. */
  dayStart(now: number): number | null {
    if (this.spec.dailyCap === undefined) return null;
    const p = zonedParts(new Date(now), this.tz());
    return fromZoned({ year: p.year, month: p.month, day: p.day, hour: 0, minute: 0 }, this.tz()).getTime();
  }

  /** Longest window, for re-seeding from recent sends after a restart. */
  longestWindowMs(): number {
    const all = [...(this.spec.app ?? []), ...(this.spec.chat ?? [])].map((w) => w.windowMs);
    return Math.max(0, this.spec.chatGapMs ?? 0, ...all);
  }

  /** The platform said 429: nothing to this chat, nor on this app, before `until`. */
  pause(chat: string | null, until: number): void {
    if (chat === null) this.pausedUntil = Math.max(this.pausedUntil, until);
    else {
      const c = this.chat(chat);
      c.pausedUntil = Math.max(c.pausedUntil, until);
    }
  }

  private chat(key: string): ChatState {
    let c = this.chats.get(key);
    if (!c) {
      c = { windows: (this.spec.chat ?? []).map((w) => new SlidingWindow(this.widen(w))), nextAt: 0, pausedUntil: 0 };
      this.chats.set(key, c);
    }
    return c;
  }

  private prune(now: number): void {
    for (const [key, c] of this.chats) {
      if (
        c.nextAt < now - CHAT_STATE_IDLE_MS &&
        c.pausedUntil < now &&
        c.windows.every((w) => w.idle(now - CHAT_STATE_IDLE_MS))
      ) {
        this.chats.delete(key);
      }
    }
  }

  private widen(w: RateWindow): RateWindow {
    return { limit: w.limit, windowMs: w.windowMs + (this.spec.marginMs ?? 0) };
  }

  private tz(): string {
    return this.spec.timeZone ?? 'Asia/Shanghai';
  }

  private dayKey(t: number): string {
    const p = zonedParts(new Date(t), this.tz());
    return `${p.year}-${p.month}-${p.day}`;
  }

  private nextDay(t: number): number {
    const p = zonedParts(new Date(t), this.tz());
    const hour = this.spec.dailyResumeHour ?? 0;
    return fromZoned({ year: p.year, month: p.month, day: p.day + 1, hour, minute: 0 }, this.tz()).getTime();
  }
}
