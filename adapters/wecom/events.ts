import type { WsFrame } from '@wecom/aibot-node-sdk';
import type { Context } from 'hono';
import type { CorePort, InboxEvent, InboxOutcome, InboxResponder } from '../../src/contracts/adapter.js';
import { incomingMessageSchema, type IncomingMessage, type Reply } from '../../src/contracts/message.js';
import { DeliveryError } from '../../src/contracts/errors.js';
import { noticeCard } from './card.js';
import { WECOM_EVENT_RETENTION_MS, WECOM_MARKDOWN_MAX_BYTES, WECOM_PLATFORM } from './constants.js';
import { sha1Hex } from './crypto.js';
import { toAction, toIncoming } from './inbound.js';
import type { AibotLink } from './link.js';
import { callbackSchema } from './payloads.js';
import { cutBytes, markdownWithMentions } from './render.js';
import { postResponseUrl } from './robot.js';
import type { BackgroundTasks } from '../../src/contracts/tasks.js';

/** Where a callback came from: the long connection (with its frame) or URL mode. */
export type Via = { kind: 'ws'; frame: WsFrame } | { kind: 'webhook'; c?: Context };

/** What URL mode answers a callback with: nothing, or the pressed card as it stands now. */
export type Answer = { kind: 'none' } | { kind: 'card'; card: Record<string, unknown> };

/** Said in a group in URL mode, where a private answer cannot be sent (no aibot_send_msg there). */
const NO_PRIVATE_IN_URL_MODE = '（另有只发给你的内容，回调模式下无法私信，请私聊我发送该命令）';

export interface EventsDeps {
  port: CorePort;
  botNames: readonly string[];
  /** The long connection; absent in URL mode. */
  link?: AibotLink;
  tasks: BackgroundTasks;
}

const markdownOf = (r: Reply) => markdownWithMentions(r.text, r.mentions);

/**
 * What happens to a callback, whether it came over the long connection or by URL. Both go
 * through the core's inbox (docs/inbox.md): normalized, stored with the claim of its msgid,
 * answered, and worked on afterwards by `process`, which calls back `respond` here (also after a
 * crash). A 收到 press is confirmed before answering, because the card must be updated within 5 s
 * of the press; processing it again afterwards returns the stored answer.
 */
export class WecomEvents implements InboxResponder {
  /** Frames of the callbacks this process received and has not answered yet (replies go to them). */
  private readonly frames = new Map<string, WsFrame>();
  /** Parts of an answer already sent, so a retry after a failed part does not repeat the others. */
  private readonly sent = new Map<string, Set<string>>();

  constructor(private readonly d: EventsDeps) {}

  async accept(body: unknown, via: Via): Promise<Answer> {
    const parsed = callbackSchema.safeParse(body);
    if (!parsed.success) return { kind: 'none' }; // authentic but not a callback we read: acknowledge
    const cb = parsed.data;
    const { port, tasks } = this.d;
    const c = via.kind === 'webhook' ? via.c : undefined;
    const later = (what: string, event: InboxEvent) => tasks.run(what, () => port.inbox.process(event), c);
    const pressed = toAction(cb);
    if (pressed) {
      const event = this.event(cb.msgid, { kind: 'action', action: pressed.action }, {});
      // A press delivered again (its answer was lost) gets the card again: the action id is per
      // card and person, so act() returns the stored answer and confirms nothing twice.
      const fresh = await port.inbox.receive(event);
      const result = await port.act(pressed.action);
      if (fresh) later('template_card_event', event);
      if (!result.notice) return { kind: 'none' };
      const card = noticeCard({ noticeId: result.notice.id, ...result.notice, taskId: pressed.taskId });
      if (via.kind === 'ws')
        await this.d.link?.updateCard(via.frame, card).catch((err: unknown) => {
          port.log.warn('wecom card update failed', { msgid: cb.msgid, err });
        });
      return { kind: 'card', card };
    }
    const message = await this.normalize(toIncoming(cb, this.d.botNames));
    if (!message) return { kind: 'none' };
    const context: Record<string, string> = cb.response_url ? { responseUrl: cb.response_url } : {};
    const event = this.event(cb.msgid, { kind: 'message', message }, context);
    if (await port.inbox.receive(event)) {
      if (via.kind === 'ws') this.frames.set(cb.msgid, via.frame);
      later('aibot_msg_callback', event);
    }
    return { kind: 'none' };
  }

  private event(eventId: string, work: InboxEvent['work'], context: Record<string, string>): InboxEvent {
    return { platform: WECOM_PLATFORM, eventId, work, context, retentionMs: WECOM_EVENT_RETENTION_MS };
  }

  /** The sender's name from the member registry (WeCom's callbacks carry user ids only). */
  private async normalize(msg: IncomingMessage | null): Promise<IncomingMessage | null> {
    if (!msg) return null;
    const { port } = this.d;
    const senderName = await port.displayName(WECOM_PLATFORM, msg.senderId);
    const checked = incomingMessageSchema.safeParse({ ...msg, ...(senderName ? { senderName } : {}) });
    if (!checked.success) {
      port.log.warn('wecom message not accepted', { msgid: msg.messageId, issue: checked.error.issues[0]?.message });
      return null;
    }
    return checked.data;
  }

  /**
   * Sends the core's answer: what goes to the chat as one markdown reply (to the callback's frame
   * on the long connection, or its response_url in URL mode), what is private by aibot_send_msg
   * to the person. A part that failed for a reason that may pass makes it throw, so the inbox
   * tries again; parts already sent by this process are not sent again. A pressed card was
   * updated when it was pressed: nothing is left to send.
   */
  async respond(event: InboxEvent, outcome: InboxOutcome): Promise<void> {
    if (outcome.kind !== 'message' || event.work.kind !== 'message') return;
    const msg = event.work.message;
    const sent = this.sent.get(event.eventId) ?? new Set<string>();
    this.sent.set(event.eventId, sent);
    const inChat = outcome.result.replies.filter((r) => r.chatId === msg.chatId);
    const elsewhere = outcome.result.replies.filter((r) => r.chatId !== msg.chatId);
    const link = this.d.link;
    let text = inChat.map(markdownOf).join('\n\n');
    if (!link && elsewhere.length) text = text ? `${text}\n${NO_PRIVATE_IN_URL_MODE}` : NO_PRIVATE_IN_URL_MODE;
    const failures: unknown[] = [];
    const part = async (key: string, send: () => Promise<void>) => {
      if (sent.has(key)) return;
      try {
        await send();
        sent.add(key);
      } catch (err) {
        if (err instanceof DeliveryError && err.opts.permanent) {
          this.d.port.log.error('wecom reply refused', { msgid: msg.messageId, part: key, err });
          sent.add(key);
        } else failures.push(err);
      }
    };
    if (text) await part('chat', () => this.toChat(event, msg, cutBytes(text, WECOM_MARKDOWN_MAX_BYTES)));
    if (link) {
      for (const [i, r] of elsewhere.entries()) {
        const content = cutBytes(markdownOf(r), WECOM_MARKDOWN_MAX_BYTES);
        await part(`r${i}`, () => link.send(r.chatId, { msgtype: 'markdown', markdown: { content } }));
      }
    }
    if (failures.length) throw new Error(`${failures.length} wecom replies not sent yet: ${String(failures[0])}`);
    this.frames.delete(event.eventId);
    this.sent.delete(event.eventId);
  }

  /** The chat's part of an answer: a reply to the live frame, else a push (ws), else the response_url. */
  private async toChat(event: InboxEvent, msg: IncomingMessage, content: string): Promise<void> {
    const { link } = this.d;
    const frame = this.frames.get(event.eventId);
    if (link && frame && link.connected) return link.reply(frame, `s${sha1Hex(event.eventId).slice(0, 20)}`, content);
    if (link) return link.send(msg.chatId, { msgtype: 'markdown', markdown: { content } });
    const url = event.context.responseUrl;
    if (!url) throw new DeliveryError('wecom: no response_url to answer with', { permanent: true });
    return postResponseUrl(url, content);
  }
}
