/**
 * Runs sends one after another per chat, at least `gapMs` apart: answers are not in the outbox,
 * and a burst of 签到 in one room must not turn into a burst of bot messages (WeChat restricts
 * accounts that send too fast). Different chats do not wait for each other.
 */
export class ReplyQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly lastAt = new Map<string, number>();

  constructor(private readonly gapMs: number) {}

  /** Queues `send` for `chat`; resolves (or rejects) when it has run. */
  run(chat: string, send: () => Promise<void>): Promise<void> {
    const prev = this.tails.get(chat) ?? Promise.resolve();
    const next = prev.then(async () => {
      const wait = (this.lastAt.get(chat) ?? 0) + this.gapMs - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      try {
        await send();
      } finally {
        this.lastAt.set(chat, Date.now());
      }
    });
    const tail = next.catch(() => undefined);
    this.tails.set(chat, tail);
    // Forget idle chats, so the maps stay as small as the set of chats being answered right now.
    void tail.then(() => {
      if (this.tails.get(chat) === tail) {
        this.tails.delete(chat);
        setTimeout(() => {
          if (!this.tails.has(chat)) this.lastAt.delete(chat);
        }, this.gapMs).unref?.();
      }
    });
    return next;
  }
}
