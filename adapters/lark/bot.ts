import type * as lark from '@larksuiteoapi/node-sdk';
import type { Clock } from '../../src/contracts/time.js';
import { LARK_BOT_INFO_RETRY_MS } from './constants.js';

/** The bot's own identity, fetched once from `GET /open-apis/bot/v3/info` and kept. */
export class BotInfo {
  private info: { openId: string; name: string } | undefined;
  private inflight: Promise<void> | undefined;
  private failedAt = -Infinity;

  constructor(
    private readonly client: lark.Client,
    private readonly clock: Clock,
  ) {}

  /** The bot's open_id and name, or undefined while they cannot be fetched (retried a minute later). */
  async get(): Promise<{ openId: string; name: string } | undefined> {
    if (this.info) return this.info;
    if (this.clock.now().getTime() - this.failedAt < LARK_BOT_INFO_RETRY_MS) return undefined;
    this.inflight ??= this.fetch().finally(() => (this.inflight = undefined));
    await this.inflight;
    return this.info;
  }

  private async fetch(): Promise<void> {
    try {
      const res = await this.client.request<{ code?: number; bot?: { open_id?: string; app_name?: string } }>({
        url: '/open-apis/bot/v3/info',
        method: 'GET',
      });
      if (res.code === 0 && res.bot?.open_id) this.info = { openId: res.bot.open_id, name: res.bot.app_name ?? '' };
      else this.failedAt = this.clock.now().getTime();
    } catch {
      this.failedAt = this.clock.now().getTime();
    }
  }
}
