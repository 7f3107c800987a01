import type { Clock } from '../../src/contracts/time.js';
import { DINGTALK_SESSION_CACHE_MAX, DINGTALK_SESSION_MARGIN_MS } from './constants.js';

/** A conversation's sessionWebhook and when it stops working (epoch ms). */
export interface Session {
  url: string;
  until: number;
}

/**
 * The newest sessionWebhook of each chat, in memory. Only URLs on DingTalk's own robot host are
 * kept: the URL comes in the callback body, which the HTTP callback's signature does not cover,
 * so anything else would let a forged body make the bot post wherever it says.
 */
export class Sessions {
  private readonly byChat = new Map<string, Session>();

  constructor(
    private readonly oapiBase: string,
    private readonly clock: Clock,
  ) {}

  /** Whether `url` is a sessionWebhook of DingTalk's robot API. */
  trusted(url: string): boolean {
    return url.startsWith(`${this.oapiBase}/robot/sendBySession?`);
  }

  remember(chatId: string, s: Session | undefined): void {
    if (!s || !this.trusted(s.url)) return;
    const known = this.byChat.get(chatId);
    if (known && known.until >= s.until) return;
    this.byChat.delete(chatId);
    this.byChat.set(chatId, s);
    if (this.byChat.size > DINGTALK_SESSION_CACHE_MAX) this.byChat.delete(this.byChat.keys().next().value!);
  }

  /** The chat's sessionWebhook while it is still valid (with a margin), else undefined. */
  valid(chatId: string, also?: Session): Session | undefined {
    const now = this.clock.now().getTime() + DINGTALK_SESSION_MARGIN_MS;
    for (const s of [also, this.byChat.get(chatId)]) if (s && s.until > now && this.trusted(s.url)) return s;
    return undefined;
  }
}
