import { z } from 'zod';

// The JSON body of an AI bot callback: the same over the long connection (a frame's `body`) and
// in URL mode (after decryption). Only the fields the adapter reads are checked.

const id = z.string().min(1).max(256);

export const callbackSchema = z.object({
  /** Unique per callback ("本次回调的唯一性标志，用于事件排重"): the inbox's event id. */
  msgid: id,
  aibotid: z.string().max(256).optional(),
  /** Only in group chats. */
  chatid: id.optional(),
  chattype: z.enum(['single', 'group']).optional(),
  from: z.object({ userid: id }),
  create_time: z.number().optional(),
  /** Valid 1 hour, usable once (主动回复消息). */
  response_url: z.url().max(2048).optional(),
  msgtype: z.string(),
  text: z.object({ content: z.string() }).optional(),
  voice: z.object({ content: z.string() }).optional(),
  event: z
    .object({
      eventtype: z.string(),
      event_key: z.string().max(256).optional(),
      task_id: z.string().max(256).optional(),
    })
    .optional(),
});

export type WecomCallback = z.infer<typeof callbackSchema>;
