import { z } from 'zod';

// What DingTalk sends, as far as the adapter reads it. Unknown fields pass; missing ones fail
// the parse and the callback is acknowledged and ignored (it is authentic, but nothing we act on).

const atUser = z.object({ dingtalkId: z.string().optional(), staffId: z.string().optional() });

/** A robot message: the Stream `/v1.0/im/bot/messages/get` callback data and the HTTP callback body. */
export const robotMessageSchema = z.object({
  msgId: z.string().min(1).max(256),
  msgtype: z.string(),
  conversationId: z.string().min(1).max(256),
  /** "1" direct, "2" group. */
  conversationType: z.string(),
  conversationTitle: z.string().optional(),
  senderId: z.string().optional(),
  senderStaffId: z.string().optional(),
  senderNick: z.string().optional(),
  chatbotUserId: z.string().optional(),
  robotCode: z.string().optional(),
  isInAtList: z.boolean().optional(),
  atUsers: z.array(atUser).optional(),
  text: z.object({ content: z.string() }).optional(),
  /** richText: the typed parts of a message with pictures; only its text parts are read. */
  content: z.unknown().optional(),
  createAt: z.number().optional(),
  sessionWebhook: z.string().optional(),
  sessionWebhookExpiredTime: z.number().optional(),
});

export type RobotMessage = z.infer<typeof robotMessageSchema>;

/** The button's own data inside a card callback (`value`, a JSON string). */
const privateData = z.object({
  cardPrivateData: z.object({
    actionIds: z.array(z.string()).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  }),
});

const jsonString = <T extends z.ZodType>(inner: T) =>
  z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(inner);

/** A card button press: the Stream `/v1.0/card/instances/callback` callback data. */
export const cardCallbackSchema = z.object({
  outTrackId: z.string().min(1).max(256),
  userId: z.string().min(1).max(256),
  corpId: z.string().optional(),
  spaceId: z.string().optional(),
  spaceType: z.string().optional(),
  value: jsonString(privateData),
});

export type CardCallback = z.infer<typeof cardCallbackSchema>;

/** One Stream frame from the server. */
export const streamFrameSchema = z.object({
  specVersion: z.string().optional(),
  type: z.enum(['SYSTEM', 'EVENT', 'CALLBACK']).or(z.string()),
  headers: z
    .object({
      messageId: z.string().optional(),
      topic: z.string().optional(),
      contentType: z.string().optional(),
      time: z.string().optional(),
    })
    .loose(),
  data: z.string().optional(),
});

export type StreamFrame = z.infer<typeof streamFrameSchema>;
