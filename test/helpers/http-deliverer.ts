import type { Deliverer } from '../../src/contracts/adapter.js';
import { DeliveryError } from '../../src/contracts/errors.js';

/**
 * A minimal Lark-style sender for the loopback fake (the real Lark adapter lives in adapters/lark):
 * one POST per message with the idempotency key as `uuid`; 429 → retry after the reset header,
 * 5xx and network errors → retry, other 4xx → permanent.
 */
export function httpDeliverer(baseUrl: string, opts: { platform?: string; owner?: string } = {}): Deliverer {
  return {
    platform: opts.platform ?? 'lark',
    async deliver(msg) {
      let res: Response;
      try {
        res = await fetch(`${baseUrl}/open-apis/im/v1/messages?receive_id_type=${msg.direct ? 'open_id' : 'chat_id'}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-relay-owner': opts.owner ?? '' },
          body: JSON.stringify({
            receive_id: msg.chatId,
            msg_type: 'text',
            content: JSON.stringify({ text: msg.text }),
            uuid: msg.idempotencyKey,
          }),
        });
      } catch (err) {
        throw new DeliveryError(`network: ${(err as Error).message}`);
      }
      const body = await res.text();
      if (res.status === 429) {
        const reset = Number(res.headers.get('x-ogw-ratelimit-reset') ?? '1');
        throw new DeliveryError('rate limited', { status: 429, retryAfterMs: reset * 1000 });
      }
      if (res.status >= 500) throw new DeliveryError(`HTTP ${res.status}`, { status: res.status });
      if (!res.ok) throw new DeliveryError(`HTTP ${res.status}: ${body}`, { status: res.status, permanent: true });
    },
  };
}
