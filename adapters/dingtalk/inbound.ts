import type { IncomingMessage, Mention } from '../../src/contracts/message.js';
import { DINGTALK_PLATFORM } from './constants.js';
import type { RobotMessage } from './payloads.js';

const MAX_NAME_CHARS = 128;

/** The text of a message: `text.content`, or the text parts of a richText message; null for other types. */
export function messageText(m: RobotMessage): string | null {
  if (m.msgtype === 'text') return m.text?.content ?? '';
  if (m.msgtype === 'richText') {
    const rich = (m.content as { richText?: { text?: unknown }[] } | undefined)?.richText;
    if (!Array.isArray(rich)) return null;
    return rich.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('');
  }
  return null;
}

/** The sender as the core knows them: the staff id (userid) when DingTalk gives one. */
export function senderOf(m: RobotMessage): string | undefined {
  return m.senderStaffId || m.senderId || undefined;
}

/**
 * Drops the bot's own "@名字" where DingTalk left it in the text (it usually strips it already):
 * a leading @ of one of the bot's names.
 */
function withoutBotMention(text: string, botNames: readonly string[]): string {
  let out = text.trim();
  for (const n of botNames) {
    const at = `@${n}`;
    if (out.toLowerCase().startsWith(at.toLowerCase())) out = out.slice(at.length).trim();
  }
  return out;
}

/**
 * Turns a robot message into the core's message, or null for what the bot ignores: other message
 * types, conversation types other than direct ("1") and group ("2"), messages without a sender.
 * `atUsers` become mentions by staff id (named from `names`, the registry's names), the bot
 * itself (`chatbotUserId`) excluded; a direct message always addresses the bot.
 */
export function toIncoming(
  m: RobotMessage,
  opts: { botNames: readonly string[]; names: ReadonlyMap<string, string> },
): IncomingMessage | null {
  const chatType = m.conversationType === '1' ? 'direct' : m.conversationType === '2' ? 'group' : null;
  if (!chatType) return null;
  const senderId = senderOf(m);
  if (!senderId) return null;
  const raw = messageText(m);
  if (raw === null) return null;
  const mentions: Mention[] = [];
  for (const u of m.atUsers ?? []) {
    if (u.dingtalkId && u.dingtalkId === m.chatbotUserId) continue;
    if (!u.staffId || mentions.some((x) => x.id === u.staffId)) continue;
    mentions.push({ id: u.staffId, name: (opts.names.get(u.staffId) ?? '').slice(0, MAX_NAME_CHARS) });
  }
  const botAt = (m.atUsers ?? []).some((u) => u.dingtalkId && u.dingtalkId === m.chatbotUserId);
  const name = m.senderNick?.trim().slice(0, MAX_NAME_CHARS);
  const title = m.conversationTitle?.trim().slice(0, 256);
  return {
    platform: DINGTALK_PLATFORM,
    // A direct chat is the person: replies and outbox rows to them go by their staff id.
    chatId: chatType === 'direct' ? senderId : m.conversationId,
    chatType,
    ...(chatType === 'group' && title ? { chatName: title } : {}),
    senderId,
    ...(name ? { senderName: name } : {}),
    messageId: m.msgId,
    text: withoutBotMention(raw, opts.botNames).replace(/[ \t]{2,}/g, ' '),
    mentions,
    mentionsBot: chatType === 'direct' || m.isInAtList === true || botAt,
    ...(m.createAt && m.createAt > 0 ? { sentAt: new Date(m.createAt).toISOString() } : {}),
  };
}
