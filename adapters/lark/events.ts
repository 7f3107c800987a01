import type * as lark from '@larksuiteoapi/node-sdk';
import type { Context } from 'hono';
import type { Core } from '../../src/contracts/adapter.js';
import { incomingMessageSchema } from '../../src/contracts/message.js';
import { BOT_NAMES } from '../../src/command/parse.js';
import type { BotInfo } from './bot.js';
import { handleCardAction, type CardAnswer, type ConfirmationsHook } from './card-action.js';
import type { EventDedupe } from './dedupe.js';
import { toIncoming } from './inbound.js';
import type { NameResolver } from './names.js';
import { envelopeSchema, type LarkEnvelope } from './payloads.js';
import { sendReplies } from './send.js';
import type { BackgroundTasks } from './tasks.js';

export interface EventHandlerDeps {
  core: Core;
  client: lark.Client;
  appId: string;
  dedupe: EventDedupe;
  bot: BotInfo;
  names: NameResolver;
  tasks: BackgroundTasks;
  confirmations?: ConfirmationsHook;
}

/**
 * What happens to a verified event, whether it came by webhook or long connection: it is
 * claimed once by event id; a message is answered at once and handled afterwards; a card button
 * is handled before answering, because its toast carries the core's reply.
 */
export class LarkEvents {
  constructor(private readonly d: EventHandlerDeps) {}

  /** Accepts one verified payload and returns the body to answer with. */
  async accept(payload: unknown, c?: Context): Promise<CardAnswer> {
    const parsed = envelopeSchema.safeParse(payload);
    if (!parsed.success) return {}; // authentic but not a v2 event we know: acknowledge, ignore
    const env = parsed.data;
    const { core, dedupe, tasks } = this.d;
    const now = core.deps.clock.now();
    if (!(await dedupe.claim(env.header.event_id, now))) return {};
    if (dedupe.duePrune(now)) tasks.run('lark_events.prune', () => dedupe.prune(now), c);

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
    const { core, client, bot, names, appId } = this.d;
    const self = await bot.get();
    const msg = toIncoming(env, { appId, openId: self?.openId, names: self?.name ? [self.name, ...BOT_NAMES] : BOT_NAMES });
    if (!msg) return;
    const checked = incomingMessageSchema.safeParse({ ...msg, senderName: await names.resolve(msg.senderId) });
    if (!checked.success) {
      core.deps.log.warn('lark message not accepted', { messageId: msg.messageId, issue: checked.error.issues[0]?.message });
      return;
    }
    const result = await core.handle(checked.data);
    await sendReplies(client, checked.data, result.replies, core.deps.log);
  }
}
