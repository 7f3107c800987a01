import { z } from 'zod';
import type { IncomingMessage, MessageResult } from '../../contracts/message.js';
import { postCore, type CoreEndpoint } from './core-http.js';

/** What an adapter needs of the core: one message in, the replies out. */
export interface MessageHandler {
  handle(msg: IncomingMessage): Promise<MessageResult>;
}

const answerSchema = z.object({
  replies: z.array(
    z.object({
      chatId: z.string(),
      direct: z.boolean().optional(),
      text: z.string(),
      mentions: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
      sensitive: z.boolean().optional(),
    }),
  ),
});

/**
 * A core that runs elsewhere, reached through POST /v1/messages with CORE_TOKEN. Repeats after
 * a network failure are safe: the core answers the same platform + messageId only once.
 */
export function remoteCore(core: CoreEndpoint): MessageHandler {
  return {
    async handle(msg) {
      const r = await postCore(core, '/v1/messages', msg, answerSchema);
      return r.data ?? { replies: [] };
    },
  };
}
