import type { Delivered, DeliveredMessage, Deliverer, Outbound, ReadReceipts } from '../../src/contracts/adapter.js';
import type { Mention } from '../../src/contracts/message.js';

/** How many delivered messages the playground keeps for its page to poll. */
export const PLAYGROUND_FEED_MAX = 1000;

/** One outbox delivery as the playground page shows it. */
export interface FeedEvent {
  id: string;
  chatId: string;
  direct?: boolean;
  text: string;
  mentions: Mention[];
}

export interface FeedPage {
  events: FeedEvent[];
  /** Pass back as `after` to get only newer events. */
  cursor: string;
}

/** The playground answers read receipts for as long as Feishu does. */
const READS_MAX_AGE_MS = 7 * 86_400_000;

/**
 * The playground's "platform": outbox rows delivered to it are kept in memory (the newest
 * PLAYGROUND_FEED_MAX) and read by the page through GET /playground/events?after=<cursor>.
 * Like a real platform it honours the idempotency key, so a retried row shows once. A persona
 * has read what reached a chat up to when they last opened it (POST /playground/read), which
 * the core asks like Feishu's read_users.
 */
export class PlaygroundFeed implements Deliverer, ReadReceipts {
  readonly maxAgeMs = READS_MAX_AGE_MS;
  /** chat id → persona → the last seq delivered when they opened it. */
  private readonly opened = new Map<string, Map<string, number>>();
  readonly platform: string;
  private readonly events: { seq: number; key: string; event: FeedEvent }[] = [];
  /** Idempotency key → the id of the event it became. */
  private readonly keys = new Map<string, string>();
  private seq = 0;
  /** Distinguishes this process's cursors from those of a previous run. */
  private readonly boot = Date.now().toString(36);

  constructor(
    platform: string,
    private readonly max = PLAYGROUND_FEED_MAX,
  ) {
    this.platform = platform;
  }

  async deliver(msg: Outbound): Promise<Delivered> {
    const known = this.keys.get(msg.idempotencyKey);
    if (known) return { platformMessageId: known };
    const seq = ++this.seq;
    const event: FeedEvent = { id: `${this.boot}-${seq}`, chatId: msg.chatId, text: msg.text, mentions: msg.mentions };
    if (msg.direct) event.direct = true;
    this.events.push({ seq, key: msg.idempotencyKey, event });
    this.keys.set(msg.idempotencyKey, event.id);
    while (this.events.length > this.max) this.keys.delete(this.events.shift()!.key);
    return { platformMessageId: event.id };
  }

  /** `userId` opened `chatId`: they have seen everything delivered to it so far. */
  open(userId: string, chatId: string): void {
    const chat = this.opened.get(chatId) ?? new Map<string, number>();
    chat.set(userId, this.seq);
    this.opened.set(chatId, chat);
  }

  /** Who opened the message's chat after it arrived (the ids the page's messages carry). */
  async readers(m: DeliveredMessage): Promise<string[]> {
    const id = /^([0-9a-z]+)-(\d+)$/.exec(m.platformMessageId);
    if (!id || id[1] !== this.boot) return [];
    const seq = Number(id[2]);
    return [...(this.opened.get(m.chatId) ?? [])].filter(([, upTo]) => upTo >= seq).map(([who]) => who);
  }

  /** Events after `cursor` (all kept events for a missing or foreign cursor). */
  after(cursor: string | undefined): FeedPage {
    const m = /^([0-9a-z]+)-(\d+)$/.exec(cursor ?? '');
    const from = m && m[1] === this.boot ? Number(m[2]) : 0;
    return { events: this.events.filter((e) => e.seq > from).map((e) => e.event), cursor: `${this.boot}-${this.seq}` };
  }
}
