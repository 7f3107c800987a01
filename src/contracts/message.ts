import { z } from 'zod';

/** Longest text accepted in one message, in characters; longer bodies get a 400. */
export const MAX_TEXT_CHARS = 20_000;

export const mentionSchema = z.object({
  id: z.string().min(1).max(256),
  name: z.string().max(128).default(''),
});

/** Most files one message may carry (a Feishu post with several images). */
export const MAX_ATTACHMENTS = 20;

/**
 * A file that came with a message: what the platform says of it, and `ref`, the adapter's own
 * note of how to fetch it (a Feishu file_key, a WeChat message id). The core never reads `ref`:
 * it asks the adapter that received the message for the bytes (AttachmentSource in ./files.ts).
 */
export const attachmentSchema = z.object({
  kind: z.enum(['image', 'file']),
  name: z.string().max(256).optional(),
  /** Size as the platform announced it, in bytes (the bytes themselves are what counts). */
  size: z.number().int().min(0).optional(),
  ref: z.string().min(1).max(1024),
});

/** One normalized incoming chat message: what every adapter hands the core. */
export const incomingMessageSchema = z.object({
  platform: z
    .string()
    .min(1)
    .max(32)
    .regex(/^[a-z0-9_-]+$/, 'lowercase letters, digits, - or _'),
  chatId: z.string().min(1).max(256),
  chatType: z.enum(['group', 'direct']),
  chatName: z.string().max(256).optional(),
  senderId: z.string().min(1).max(256),
  senderName: z.string().max(128).optional(),
  messageId: z.string().min(1).max(256),
  text: z.string().max(MAX_TEXT_CHARS),
  mentions: z.array(mentionSchema).max(100).default([]),
  mentionsBot: z.boolean().default(false),
  sentAt: z.iso.datetime({ offset: true }).optional(),
  /** Images and files sent with the message (an image message has no text). */
  attachments: z.array(attachmentSchema).max(MAX_ATTACHMENTS).optional(),
});

export type IncomingMessage = z.infer<typeof incomingMessageSchema>;
export type Mention = z.infer<typeof mentionSchema>;
export type Attachment = z.infer<typeof attachmentSchema>;

/** One message the bot sends back: to the chat it was asked in, or directly to a person. */
export interface Reply {
  chatId: string;
  direct?: boolean;
  text: string;
  mentions: Mention[];
  /** Holds personal data: sent once, never stored (a repeat of the message gets a placeholder). */
  sensitive?: boolean;
}

/** What the core answers to one incoming message. */
export interface MessageResult {
  replies: Reply[];
}
