import type { IncomingAction } from '../../src/contracts/adapter.js';
import type { IncomingMessage } from '../../src/contracts/message.js';
import { ackNoticeId } from './card.js';
import { WECOM_PLATFORM } from './constants.js';
import type { WecomCallback } from './payloads.js';

/** A leading @-mention: in a group the AI bot only receives messages that @ it, typed first. */
const LEADING_MENTION = /^\s*@\S+\s*/;

/**
 * The text without the bot's own mention: the leading @token of a group message (the mention
 * that delivered it; its name is whatever the admin console calls the bot) and any "@name" of
 * the names the bot goes by. Other "@name"s stay: WeCom gives no ids for them, and the core
 * resolves a mention without an id by the member's name.
 */
export function withoutBotMention(text: string, group: boolean, botNames: readonly string[]): string {
  let out = group ? text.replace(LEADING_MENTION, '') : text;
  for (const name of botNames) out = out.split(`@${name}`).join(' ');
  return out.replace(/[ \t]{2,}/g, ' ').trim();
}

/** Epoch milliseconds of `create_time` (seconds; milliseconds accepted too). */
function sentAt(t: number | undefined): string | undefined {
  if (t === undefined || !Number.isFinite(t) || t <= 0) return undefined;
  return new Date(t < 1e12 ? t * 1000 : t).toISOString();
}

/**
 * A text (or voice, already transcribed) callback as the core's message; null for what the bot
 * ignores (events, images, files, mixed messages). The chat of a direct message is the sender.
 */
export function toIncoming(cb: WecomCallback, botNames: readonly string[]): IncomingMessage | null {
  const raw = cb.msgtype === 'text' ? cb.text?.content : cb.msgtype === 'voice' ? cb.voice?.content : undefined;
  if (raw === undefined) return null;
  const group = cb.chattype === 'group' && cb.chatid !== undefined;
  const at = sentAt(cb.create_time);
  return {
    platform: WECOM_PLATFORM,
    chatId: group ? cb.chatid! : cb.from.userid,
    chatType: group ? 'group' : 'direct',
    senderId: cb.from.userid,
    messageId: cb.msgid,
    text: withoutBotMention(raw, group, botNames),
    mentions: [],
    mentionsBot: group,
    ...(at ? { sentAt: at } : {}),
  };
}

/** A pressed 收到 on a notice card (`template_card_event`); null for other events and buttons. */
export function toAction(cb: WecomCallback): { action: IncomingAction; taskId: string } | null {
  const ev = cb.event;
  if (cb.msgtype !== 'event' || ev?.eventtype !== 'template_card_event' || !ev.task_id) return null;
  const noticeId = ackNoticeId(ev.event_key);
  if (noticeId === null) return null;
  const userId = cb.from.userid;
  return {
    taskId: ev.task_id,
    action: {
      platform: WECOM_PLATFORM,
      chatId: cb.chattype === 'group' && cb.chatid ? cb.chatid : userId,
      userId,
      actionId: `card:${ev.task_id}:${userId}`,
      action: { type: 'notice.ack', noticeId },
    },
  };
}
