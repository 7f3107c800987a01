import type * as lark from '@larksuiteoapi/node-sdk';
import type { Deliverer, Outbound } from '../../src/contracts/adapter.js';
import { buttonCard, noticeCard } from './card.js';
import { LARK_PLATFORM } from './constants.js';
import { textContent } from './render.js';
import { larkUrgent } from './receipts.js';
import { larkRecall } from './recall.js';
import { larkUuid, sendMessage, type SendBody } from './send.js';
import { DeliveryError } from '../../src/contracts/errors.js';

/**
 * The message an outbox row becomes: a notice (not its chases) as a card with a 收到 button, a row
 * with a button (the minutes a 主持人 confirms) as a card with that button, else text.
 */
export function outboundBody(m: Outbound): SendBody {
  const uuid = larkUuid(m.idempotencyKey);
  if (m.kind === 'notice' && m.notice) {
    const card = noticeCard({ noticeId: m.notice.id, title: m.notice.title, text: m.text, mentions: m.mentions });
    return { msgType: 'interactive', content: JSON.stringify(card), uuid };
  }
  if (m.button)
    return { msgType: 'interactive', content: JSON.stringify(buttonCard(m.text, m.button, m.mentions)), uuid };
  return { msgType: 'text', content: textContent(m.text, m.mentions), uuid };
}

/**
 * Sends one outbox row to a chat (`chat_id`) or a person (`open_id` when direct), and returns
 * Feishu's message_id; an escalation row becomes 加急 of its message instead, a recall row its deletion. The relay owns
 * pacing and retries; this throws DeliveryError, with `retryAfterMs` on a rate limit.
 */
export function larkDeliverer(client: lark.Client): Deliverer {
  return {
    platform: LARK_PLATFORM,
    async deliver(m) {
      if (m.escalate) return larkUrgent(client, m.escalate);
      if (m.recall) return larkRecall(client, m);
      if (m.kind === 'notice.recall') throw new DeliveryError('recall row without its payload', { permanent: true });
      if (m.kind === 'notice.escalate')
        throw new DeliveryError('escalation row without its payload', { permanent: true });
      const to = { kind: 'create', receiveIdType: m.direct ? 'open_id' : 'chat_id', receiveId: m.chatId } as const;
      const platformMessageId = await sendMessage(client, to, outboundBody(m));
      return platformMessageId ? { platformMessageId } : undefined;
    },
  };
}
