import type { Deliverer, Outbound } from '../../src/contracts/adapter.js';
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

/**
 * The playground's "platform": outbox rows delivered to it are kept in memory (the newest
 * PLAYGROUND_FEED_MAX) and read by the page through GET /playground/events?after=<cursor>.
 * Like a real platform it honours the idempotency key, so a retried row shows once.
 */
export class PlaygroundFeed implements Deliverer {
  readonly platform: string;
  private readonly events: { seq: number; key: string; event: FeedEvent }[] = [];
  private readonly keys = new Set<string>();
  private seq = 0;
  /** Distinguishes this process's cursors from those of a previous run. */
  private readonly boot = Date.now().toString(36);

  constructor(
    platform: string,
    private readonly max = PLAYGROUND_FEED_MAX,
  ) {
    this.platform = platform;
  }

  async deliver(msg: Outbound): Promise<void> {
    if (this.keys.has(msg.idempotencyKey)) return;
    const seq = ++this.seq;
    const event: FeedEvent = { id: `${this.boot}-${seq}`, chatId: msg.chatId, text: msg.text, mentions: msg.mentions };
    if (msg.direct) event.direct = true;
    this.events.push({ seq, key: msg.idempotencyKey, event });
    this.keys.add(msg.idempotencyKey);
    while (this.events.length > this.max) this.keys.delete(this.events.shift()!.key);
  }

  /** Events after `cursor` (all kept events for a missing or foreign cursor). */
  after(cursor: string | undefined): FeedPage {
    const m = /^([0-9a-z]+)-(\d+)$/.exec(cursor ?? '');
    const from = m && m[1] === this.boot ? Number(m[2]) : 0;
    return { events: this.events.filter((e) => e.seq > from).map((e) => e.event), cursor: `${this.boot}-${this.seq}` };
  }
}
