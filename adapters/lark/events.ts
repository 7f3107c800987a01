import type * as lark from '@larksuiteoapi/node-sdk';
import type { Context } from 'hono';
import type { CorePort } from '../../src/contracts/adapter.js';
import { incomingMessageSchema } from '../../src/contracts/message.js';
import type { BotInfo } from './bot.js';
import { handleCardAction, type CardAnswer } from './card-action.js';
import { claimEvent } from './dedupe.js';
import { toIncoming } from './inbound.js';
import type { NameResolver } from './names.js';
import { envelopeSchema, type LarkEnvelope } from './payloads.js';
import { messageResources } from './resources.js';
import { sendReplies } from './send.js';
import type { BackgroundTasks } from './tasks.js';

export interface EventHandlerDeps {
  port: CorePort;
  client: lark.Client;
  appId: string;
  /** Names the bot goes by, to spot its mention while its open_id is unknown. */
  botNames: readonly string[];
  bot: BotInfo;
  names: NameResolver;
  tasks: BackgroundTasks;
}

/**
 * What happens to a verified event, whether it came by webhook or long connection: it is
 * claimed once by event id; a message is answered at once and handled afterwards; a card button
 * is handled before answering, because its toast carries the core's answer.
 */
export class LarkEvents {
  constructor(private readonly d: EventHandlerDeps) {}

  /** Accepts one verified payload and returns the body to answer with. */
  async accept(payload: unknown, c?: Context): Promise<CardAnswer> {
    const parsed = envelopeSchema.safeParse(payload);
    if (!parsed.success) return {}; // authentic but not a v2 event we know: acknowledge, ignore
    const env = parsed.data;
    const { port, tasks } = this.d;
    if (!(await claimEvent(port, env.header.event_id))) return {};

    switch (env.header.event_type) {
      case 'im.message.receive_v1':
        tasks.run('im.message.receive_v1', () => this.onMessage(env), c);
        return {};
      case 'card.action.trigger':
        return handleCardAction(env, { ...this.d, later: (what, work) => tasks.run(what, work, c) });
      default:
        return {};
    }
  }

  /** Handles a received message after the answer: name the sender, run the command, send the replies. */
  private async onMessage(env: LarkEnvelope): Promise<void> {
    const { port, client, bot, names: people, appId, botNames } = this.d;
    const self = await bot.get();
    const names = self?.name ? [self.name, ...botNames] : botNames;
    const msg = toIncoming(env, { appId, openId: self?.openId, names });
    if (!msg) return;
    const checked = incomingMessageSchema.safeParse({ ...msg, senderName: await people.resolve(msg.senderId) });
    if (!checked.success) {
      port.log.warn('lark message not accepted', { messageId: msg.messageId, issue: checked.error.issues[0]?.message });
      return;
    }
    const result = await port.handle(checked.data, messageResources(client, checked.data.messageId));
    await sendReplies(client, checked.data, result.replies, port.log);
  }
}
