import type * as lark from '@larksuiteoapi/node-sdk';
import type { CorePort, IncomingAction, InboxEvent, NoticeView } from '../../src/contracts/adapter.js';
import { ackNoticeId, noticeCard, pressedAction } from './card.js';
import { LARK_EVENT_RETENTION_MS, LARK_PLATFORM } from './constants.js';
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
  /** Processes the stored press after the answer (the inbox then patches the card). */
  later(event: InboxEvent): void;
}

/** Replaces the card everyone in the chat sees with the notice as it stands (its count). */
export async function patchCard(client: lark.Client, cardMessageId: string, view: NoticeView): Promise<void> {
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
 * The press is stored in the inbox with the claim of its event id, the core answers for the person
 * who pressed it (the action id is per card and person, so pressing again changes nothing), the
 * answer goes back as a toast, and afterwards the inbox processes the stored press (its stored
 * answer) and a notice's card is patched as it stands (LarkEvents.respond), also after a crash.
 */
export async function handleCardAction(env: LarkEnvelope, deps: CardActionDeps): Promise<CardAnswer> {
  const parsed = cardActionEventSchema.safeParse(env.event);
  if (!parsed.success) return {};
  const noticeId = ackNoticeId(parsed.data.action.value);
  const pressed =
    noticeId !== null ? { type: 'notice.ack' as const, noticeId } : pressedAction(parsed.data.action.value);
  if (pressed === null) return {};
  const { open_message_id: cardMessageId, open_chat_id: chatId } = parsed.data.context;
  const operator = parsed.data.operator.open_id;
  const userName = await deps.names.resolve(operator, { remote: false });
  const action: IncomingAction = {
    platform: LARK_PLATFORM,
    chatId,
    userId: operator,
    ...(userName ? { userName } : {}),
    actionId: `card:${cardMessageId}:${operator}`,
    action: pressed,
  };
  const event: InboxEvent = {
    platform: LARK_PLATFORM,
    eventId: env.header.event_id,
    work: { kind: 'action', action },
    context: { cardMessageId },
    retentionMs: LARK_EVENT_RETENTION_MS,
  };
  if (!(await deps.port.inbox.receive(event))) return {};
  const result = await deps.port.act(action);
  deps.later(event);
  return { toast: { type: 'info', content: result.text || '已收到' } };
}
