import { types, type impls } from 'wechaty';
import { FileTooLargeError, type AttachmentSource } from '../../src/contracts/files.js';
import {
  incomingMessageSchema,
  type Attachment,
  type IncomingMessage,
  type Mention,
} from '../../src/contracts/message.js';
import { MAX_NAME_CHARS, MAX_TOPIC_CHARS, WECHAT_PLATFORM } from './constants.js';

type Message = impls.MessageInterface;
type Room = impls.RoomInterface;
type Contact = impls.ContactInterface;

export interface InboundOptions {
  /** Now, in epoch ms, and the oldest message age still answered. */
  now: number;
  maxAgeMs: number;
}

const clip = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

/** How a person appears in a room: their group nickname (群昵称) if set, else their WeChat name. */
async function shownName(room: Room | undefined, c: Contact): Promise<string> {
  const alias = room ? await room.alias(c).catch(() => undefined) : undefined;
  return clip(alias || c.name() || '', MAX_NAME_CHARS);
}

/** What an image or file message carries: its id is how its bytes are fetched (toFileBox). */
function attachmentsOf(msg: Message): Attachment[] {
  if (msg.type() === types.Message.Image) return [{ kind: 'image', ref: msg.id }];
  if (msg.type() === types.Message.Attachment) return [{ kind: 'file', ref: msg.id }];
  return [];
}

/**
 * The bytes of an image or file message, through Wechaty's `message.toFileBox()` (the puppet
 * downloads them); asked for by the core only for files it keeps.
 */
export function messageFiles(msg: Message): AttachmentSource {
  return {
    async fetch(_file, maxBytes) {
      const box = await msg.toFileBox();
      // A size the puppet knows is checked before anything is downloaded.
      if (box.size > maxBytes) throw new FileTooLargeError(maxBytes);
      const buf = await box.toBuffer();
      if (buf.byteLength > maxBytes) throw new FileTooLargeError(maxBytes);
      return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), name: box.name };
    },
  };
}

/**
 * Turns a Wechaty message into the core's message, or null for what the bot ignores: its own
 * messages (the bot receives what it sends), anything but text, images and files (these come as
 * attachments without text), official accounts (公众号),
 * and messages older than `maxAgeMs` (replayed after a reconnect). In a room the text is
 * Wechaty's mentionText() — the "@name" of every mentioned person removed — and the people
 * mentioned travel as `mentions` (the bot's own mention becomes `mentionsBot`).
 */
export async function toIncoming(msg: Message, opts: InboundOptions): Promise<IncomingMessage | null> {
  if (msg.self()) return null;
  const attachments = attachmentsOf(msg);
  if (msg.type() !== types.Message.Text && attachments.length === 0) return null;
  const talker = msg.talker();
  if (talker.type() === types.Contact.Official) return null;
  const sent = msg.date().getTime();
  if (Number.isFinite(sent) && opts.now - sent > opts.maxAgeMs) return null;
  const room = msg.room();
  const selfId = msg.wechaty.currentUser.id;
  let text = attachments.length ? '' : msg.text();
  const mentions: Mention[] = [];
  let mentionsBot = false;
  if (room && attachments.length === 0) {
    text = await msg.mentionText();
    mentionsBot = await msg.mentionSelf();
    for (const c of await msg.mentionList()) {
      if (c.id !== selfId && !mentions.some((m) => m.id === c.id))
        mentions.push({ id: c.id, name: await shownName(room, c) });
    }
  }
  const parsed = incomingMessageSchema.safeParse({
    platform: WECHAT_PLATFORM,
    chatId: room ? room.id : talker.id,
    chatType: room ? 'group' : 'direct',
    chatName: room ? clip(await room.topic(), MAX_TOPIC_CHARS) : undefined,
    senderId: talker.id,
    senderName: await shownName(room, talker),
    messageId: msg.id,
    text,
    mentions,
    mentionsBot,
    ...(attachments.length ? { attachments } : {}),
    ...(Number.isFinite(sent) ? { sentAt: new Date(sent).toISOString() } : {}),
  });
  // A message the core's contract cannot carry (e.g. text over MAX_TEXT_CHARS) is not a command.
  return parsed.success ? parsed.data : null;
}
