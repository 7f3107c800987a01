import type { IncomingMessage, Mention } from '../../src/contracts/message.js';
import { LARK_PLATFORM } from './constants.js';
import { messageContent } from './content.js';
import { messageEventSchema, type LarkEnvelope, type LarkMention } from './payloads.js';

/** What is known about the bot when reading a message. */
export interface BotSelf {
  appId: string;
  /** The bot's open_id from `bot/v3/info`, when it could be fetched. */
  openId?: string;
  /** Names the bot goes by; used to spot its mention only while the open_id is unknown. */
  names: readonly string[];
}

const MAX_NAME_CHARS = 128;

function isBot(m: LarkMention, self: BotSelf): boolean {
  if (self.openId) return m.id.open_id === self.openId;
  if (Object.values(m.id).some((v) => v === self.appId)) return true;
  return self.names.some((n) => n.toLowerCase() === m.name.toLowerCase());
}

/**
 * A mention key as it stands in the text: `@_` and a run of letters, digits and underscores, read
 * whole, so that `@_all` inside `@_allies` and `@_user_1` inside `@_user_10` are not keys.
 */
const MENTION_KEY = /@_[A-Za-z0-9_]+/g;

/**
 * Replaces `@_user_N` keys with `@name`, drops the bot's own mention, and lists the people
 * mentioned (by open_id). `@_all` becomes "@所有人" and is not a person; a token that is no key
 * of `mentions` stays as written.
 */
export function mapMentions(
  text: string,
  mentions: readonly LarkMention[],
  self: BotSelf,
): { text: string; mentions: Mention[]; mentionsBot: boolean } {
  const byKey = new Map(mentions.map((m) => [m.key, m]));
  const people: Mention[] = [];
  let mentionsBot = false;
  const out = text.replace(MENTION_KEY, (key) => {
    if (key === '@_all') return '@所有人';
    const m = byKey.get(key);
    if (!m) return key;
    if (isBot(m, self)) {
      mentionsBot = true;
      return '';
    }
    const name = m.name.slice(0, MAX_NAME_CHARS);
    const id = m.id.open_id;
    if (id && !people.some((p) => p.id === id)) people.push({ id, name });
    return `@${name || id || key}`;
  });
  return { text: out.replace(/[ \t]{2,}/g, ' ').trim(), mentions: people, mentionsBot };
}

/**
 * Turns an `im.message.receive_v1` event into the core's message, or null for what the bot
 * ignores: other events, messages from bots (itself included), chat types other than group and
 * p2p, and message types other than text and post. The sender's name is filled in later.
 */
export function toIncoming(env: LarkEnvelope, self: BotSelf): IncomingMessage | null {
  if (env.header.event_type !== 'im.message.receive_v1') return null;
  const parsed = messageEventSchema.safeParse(env.event);
  if (!parsed.success) return null;
  const { sender, message } = parsed.data;
  const senderId = sender.sender_id.open_id;
  if (!senderId || (sender.sender_type !== undefined && sender.sender_type !== 'user')) return null;
  if (self.openId && senderId === self.openId) return null;
  const chatType = message.chat_type === 'p2p' ? 'direct' : message.chat_type === 'group' ? 'group' : null;
  if (!chatType) return null;
  const listed = message.mentions ?? [];
  const content = messageContent(message.message_type, message.content, listed);
  if (content === null) return null;
  // A post's `at` elements may name people (the bot too) by id, without a `mentions` entry.
  const { text, mentions, mentionsBot } = mapMentions(content.text, [...listed, ...content.mentions], self);
  const sent = Number(message.create_time);
  return {
    platform: LARK_PLATFORM,
    chatId: message.chat_id,
    chatType,
    senderId,
    messageId: message.message_id,
    text,
    mentions,
    mentionsBot,
    ...(Number.isFinite(sent) && sent > 0 ? { sentAt: new Date(sent).toISOString() } : {}),
  };
}
