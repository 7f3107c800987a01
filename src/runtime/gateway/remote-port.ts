import { z } from 'zod';
import type { CorePort } from '../../contracts/adapter.js';
import type { Logger } from '../../contracts/log.js';
import { SENSITIVE_KINDS } from '../../contracts/message.js';
import type { Clock } from '../../contracts/time.js';
import { postCore, type CoreEndpoint } from '../../outbox/core-http.js';

const answerSchema = z.object({
  replies: z.array(
    z.object({
      chatId: z.string(),
      direct: z.boolean().optional(),
      text: z.string(),
      mentions: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
      sensitive: z.enum(SENSITIVE_KINDS).optional(),
    }),
  ),
});

/** What the core does not serve over HTTP (yet): nothing a gateway's adapter (WeChat) needs. */
function notServed(what: string): never {
  throw new Error(`${what} is not served to gateways; run this adapter in the core`);
}

export interface RemotePortOptions {
  clock: Clock;
  log: Logger;
  maxBodyBytes: number;
  /** Called after a message that was answered (its command may have enqueued rows). */
  onAnswered?: () => void;
}

/**
 * A core that runs elsewhere, as a CorePort: messages go to POST /v1/messages with its token.
 * Repeats after a network failure are safe: the core answers the same platform + messageId only
 * once. Button presses, names, the inbox and group robots stay in the core (their adapters run there).
 */
export function remotePort(core: CoreEndpoint, opts: RemotePortOptions): CorePort {
  return {
    clock: opts.clock,
    log: opts.log,
    maxBodyBytes: opts.maxBodyBytes,
    // Files are not carried to a core elsewhere: it is told of them and answers that it cannot fetch them.
    maxFileBytes: 0,
    async handle(msg) {
      const r = await postCore(core, '/v1/messages', msg, answerSchema);
      const result = r.data ?? { replies: [] };
      if (result.replies.length) opts.onAnswered?.();
      return result;
    },
    act: async () => notServed('CorePort.act'),
    displayName: async () => notServed('CorePort.displayName'),
    inbox: {
      receive: async () => notServed('CorePort.inbox'),
      process: async () => notServed('CorePort.inbox'),
    },
    robots: {
      secret: async () => notServed('CorePort.robots'),
      bindConfigured: async () => notServed('CorePort.robots'),
    },
  };
}
