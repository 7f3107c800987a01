import type { Wechaty } from 'wechaty';
import type { Deliverer } from '../../src/contracts/adapter.js';
import { DeliveryError } from '../../src/contracts/errors.js';
import { WECHAT_LOGGED_OUT_RETRY_MS, WECHAT_PLATFORM } from './constants.js';
import { sayInRoom, sayToContact } from './send.js';

/**
 * Sends one outbox row: into a room by id, or to a person for a direct row. The relay owns
 * pacing, the daily cap and retries. While the account is logged out the row is handed back with
 * a wait (a DeliveryError with retryAfterMs does not count as an attempt), so nothing dies of a
 * logout. WeChat has no idempotency key: a crash between the send and its acknowledgement can
 * send a row twice, never zero times.
 */
export function wechatyDeliverer(bot: Wechaty, opts: { maxMentions: number }): Deliverer {
  return {
    platform: WECHAT_PLATFORM,
    async deliver(m) {
      if (!bot.isLoggedIn)
        throw new DeliveryError('WeChat account is not logged in', { retryAfterMs: WECHAT_LOGGED_OUT_RETRY_MS });
      try {
        if (m.direct) await sayToContact(bot, m.chatId, m.text);
        else await sayInRoom(bot, m.chatId, m.text, m.mentions, opts.maxMentions);
      } catch (err) {
        if (err instanceof DeliveryError) throw err;
        throw new DeliveryError(`wechaty: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}
