import type * as lark from '@larksuiteoapi/node-sdk';
import type { CorePort, NoticeView } from '../../src/contracts/adapter.js';
import { ackNoticeId, noticeCard, pressedAction } from './card.js';
import { LARK_PLATFORM } from './constants.js';
import type { NameResolver } from './names.js';
import { cardActionEventSchema, type LarkEnvelope } from './payloads.js';

/** What a card callback is answered with: a toast, shown to the person who pressed. */
export interface CardAnswer {
  toast?: { type: 'info' | 'success' | 'error' | 'warning'; content: string };
}

export interface CardActionDeps {
  port: CorePort;
  client: lark.Client;
  names: NameResolver;
  /** Runs the card update after the answer. */
  later(what: string, work: () => Promise<unknown>): void;
}

/** Replaces the card everyone in the chat sees with the notice as it stands (its count). */
async function patchCard(client: lark.Client, cardMessageId: string, view: NoticeView): Promise<void> {
  const { id: noticeId, title, text, confirmations } = view;
  const card = noticeCard({ noticeId, title, text, confirmations });
  const content = JSON.stringify(card);
  const res = await client.im.message.patch({ path: { message_id: cardMessageId }, data: { content } });
  if (res.code !== undefined && res.code !== 0) {
    throw new Error(`card patch refused: code ${res.code} ${res.msg ?? ''}`);
  }
}

/**
 * A button of a card the bot sent: a notice's 收到, or a core Action (a 主持人's 确认 of minutes).
 * 收到: the core confirms the notice for the person who pressed it (the action id is
 * per card and person, so pressing again changes nothing), the answer goes back as a toast, and
 * afterwards the card is patched from the notice the core returned.
 */
export async function handleCardAction(env: LarkEnvelope, deps: CardActionDeps): Promise<CardAnswer> {
  const parsed = cardActionEventSchema.safeParse(env.event);
  if (!parsed.success) return {};
  const noticeId = ackNoticeId(parsed.data.action.value);
  const action =
    noticeId !== null ? { type: 'notice.ack' as const, noticeId } : pressedAction(parsed.data.action.value);
  if (action === null) return {};
  const { open_message_id: cardMessageId, open_chat_id: chatId } = parsed.data.context;
  const operator = parsed.data.operator.open_id;
  const result = await deps.port.act({
    platform: LARK_PLATFORM,
    chatId,
    userId: operator,
    userName: await deps.names.resolve(operator, { remote: false }),
    actionId: `card:${cardMessageId}:${operator}`,
    action,
  });
  const view = result.notice;
  if (view) deps.later('card.patch', () => patchCard(deps.client, cardMessageId, view));
  return { toast: { type: 'info', content: result.text || '已收到' } };
}
