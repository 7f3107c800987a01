import { z } from 'zod';

/** A v2 ("schema": "2.0") event or callback, after decryption. */
export const envelopeSchema = z.object({
  schema: z.literal('2.0'),
  header: z.object({
    event_id: z.string().min(1).max(256),
    event_type: z.string().min(1),
    create_time: z.string().optional(),
    token: z.string().optional(),
    app_id: z.string().optional(),
    tenant_key: z.string().optional(),
  }),
  event: z.record(z.string(), z.unknown()).default({}),
});
export type LarkEnvelope = z.infer<typeof envelopeSchema>;

const userIds = z.object({
  open_id: z.string().optional(),
  union_id: z.string().optional(),
  user_id: z.string().optional(),
});

export const larkMentionSchema = z.object({
  key: z.string(),
  id: userIds.catchall(z.unknown()).default({}),
  name: z.string().default(''),
});
export type LarkMention = z.infer<typeof larkMentionSchema>;

/** The `event` of `im.message.receive_v1`. */
export const messageEventSchema = z.object({
  sender: z.object({
    sender_id: userIds.default({}),
    sender_type: z.string().optional(),
  }),
  message: z.object({
    message_id: z.string().min(1),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    create_time: z.string().optional(),
    mentions: z.array(larkMentionSchema).optional(),
  }),
});
export type MessageEvent = z.infer<typeof messageEventSchema>;

/** The `event` of `card.action.trigger` (a button pressed on a card the bot sent). */
export const cardActionEventSchema = z.object({
  operator: z.object({ open_id: z.string().min(1) }),
  action: z.object({ value: z.unknown(), tag: z.string().optional() }),
  context: z.object({ open_message_id: z.string().min(1), open_chat_id: z.string().min(1) }),
});
export type CardActionEvent = z.infer<typeof cardActionEventSchema>;
