import type * as lark from '@larksuiteoapi/node-sdk';
import type { Context } from 'hono';
import type { CorePort, InboxEvent, InboxOutcome, InboxResponder, InboxWork } from '../../src/contracts/adapter.js';
import type { AttachmentSource } from '../../src/contracts/files.js';
import { incomingMessageSchema, type IncomingMessage } from '../../src/contracts/message.js';
import type { BotInfo } from './bot.js';
import { handleCardAction, patchCard, type CardAnswer } from './card-action.js';
import { LARK_BOT_INFO_WAIT_MS, LARK_EVENT_RETENTION_MS, LARK_PLATFORM } from './constants.js';
import { toIncoming } from './inbound.js';
import type { NameResolver } from './names.js';
import { envelopeSchema, type LarkEnvelope } from './payloads.js';
import { messageResources } from './resources.js';
import { sendReplies } from './send.js';
import type { BackgroundTasks } from '../../src/contracts/tasks.js';

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

/** The bot's identity if it is known or arrives within `ms` (only the first event waits for it). */
async function botWithin(bot: BotInfo, ms: number): Promise<{ openId: string; name: string } | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([bot.get(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What happens to a verified event, whether it came by webhook or long connection. Both kinds go
 * through the core's inbox (docs/inbox.md): the event is normalized, stored with the claim of its
 * id, answered, and worked on afterwards by `process`, which calls back `prepare` and `respond`
 * here (also after a crash, from whichever process drains the inbox). A message is answered with
 * an empty body at once; a card button is confirmed before answering, because its toast carries
 * the core's answer, and its card is patched afterwards.
 */
export class LarkEvents implements InboxResponder {
  constructor(private readonly d: EventHandlerDeps) {}

  /** Accepts one verified payload and returns the body to answer with. */
  async accept(payload: unknown, c?: Context): Promise<CardAnswer> {
    const parsed = envelopeSchema.safeParse(payload);
    if (!parsed.success) return {}; // authentic but not a v2 event we know: acknowledge, ignore
    const env = parsed.data;
    const { port, tasks } = this.d;
    const later = (what: string, event: InboxEvent) => tasks.run(what, () => port.inbox.process(event), c);
    switch (env.header.event_type) {
      case 'im.message.receive_v1': {
        const message = await this.normalize(env);
        if (!message) return {};
        const event: InboxEvent = {
          platform: LARK_PLATFORM,
          eventId: env.header.event_id,
          work: { kind: 'message', message },
          context: {},
          retentionMs: LARK_EVENT_RETENTION_MS,
        };
        if (await port.inbox.receive(event)) later('im.message.receive_v1', event);
        return {};
      }
      case 'card.action.trigger':
        return handleCardAction(env, { ...this.d, later: (event) => later('card.patch', event) });
      default:
        return {};
    }
  }

  /** The core's message for an event, with what is known without waiting (the sender's name as registered). */
  private async normalize(env: LarkEnvelope): Promise<IncomingMessage | null> {
    const { port, names: people, appId, botNames } = this.d;
    const self = await botWithin(this.d.bot, LARK_BOT_INFO_WAIT_MS);
    const names = self?.name ? [self.name, ...botNames] : botNames;
    const msg = toIncoming(env, { appId, openId: self?.openId, names });
    if (!msg) return null;
    const senderName = await people.resolve(msg.senderId, { remote: false });
    const checked = incomingMessageSchema.safeParse({ ...msg, ...(senderName ? { senderName } : {}) });
    if (!checked.success) {
      port.log.warn('lark message not accepted', { messageId: msg.messageId, issue: checked.error.issues[0]?.message });
      return null;
    }
    return checked.data;
  }

  /** A sender the registry does not know is named from the contact API (after the answer: it may be slow). */
  async prepare(event: InboxEvent): Promise<InboxWork> {
    const { work } = event;
    if (work.kind !== 'message' || work.message.senderName) return work;
    const senderName = await this.d.names.resolve(work.message.senderId);
    return senderName ? { kind: 'message', message: { ...work.message, senderName } } : work;
  }

  /**
   * Replies to a message (each with a uuid from its message id and index, so sending again posts
   * nothing twice), or patches the card of a pressed button. Replies that failed for a reason that
   * may pass (rate limits, 5xx, network) make it throw, so the inbox tries again later.
   */
  /** A stored message's images and files, fetched through the message resource API when kept. */
  files(message: IncomingMessage): AttachmentSource | undefined {
    return message.attachments?.length ? messageResources(this.d.client, message.messageId) : undefined;
  }

  async respond(event: InboxEvent, outcome: InboxOutcome): Promise<void> {
    const { client, port } = this.d;
    if (outcome.kind === 'message' && event.work.kind === 'message') {
      const failed = await sendReplies(client, event.work.message, outcome.result.replies, port.log);
      if (failed > 0) throw new Error(`${failed} lark replies not sent yet`);
      return;
    }
    const cardMessageId = event.context.cardMessageId;
    const view = outcome.kind === 'action' ? outcome.result.notice : undefined;
    if (cardMessageId && view) await patchCard(client, cardMessageId, view);
  }
}
