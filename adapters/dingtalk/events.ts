import type { Context } from 'hono';
import type {
  CorePort,
  IncomingAction,
  InboxEvent,
  InboxOutcome,
  InboxResponder,
} from '../../src/contracts/adapter.js';
import { DeliveryError } from '../../src/contracts/errors.js';
import { incomingMessageSchema, type IncomingMessage, type Reply } from '../../src/contracts/message.js';
import type { DingTalkApi } from './api.js';
import { pressedNotice, updateCard } from './card.js';
import {
  CUSTOM_ROBOT_WORD,
  DINGTALK_EVENT_RETENTION_MS,
  DINGTALK_PLATFORM,
  DINGTALK_REPLY_RETRY_MAX_WAIT_MS,
  DINGTALK_REPLY_SEND_ATTEMPTS,
} from './constants.js';
import { toIncoming } from './inbound.js';
import { cardCallbackSchema, robotMessageSchema, type RobotMessage } from './payloads.js';
import { robotChatId, type CustomRobots } from './robots.js';
import type { Sender, Target } from './send.js';
import type { Session, Sessions } from './sessions.js';
import type { BackgroundTasks } from '../../src/contracts/tasks.js';

export interface EventsDeps {
  port: CorePort;
  api: DingTalkApi;
  sender: Sender;
  sessions: Sessions;
  robots: CustomRobots;
  botNames: readonly string[];
  tasks: BackgroundTasks;
}

/** Replies of this process already sent (event id + index), so a retried respond() skips them. */
const SENT_MEMORY_MAX = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What happens to a verified robot message or card press, whether it came by Stream or by HTTP.
 * Both go through the core's inbox (docs/inbox.md): normalized, stored with the claim of their
 * id, and only then acknowledged (the promise these methods return resolves); the work runs
 * afterwards (`process`), which calls back `respond` here, also after a crash.
 */
export class DingTalkEvents implements InboxResponder {
  private readonly sent = new Set<string>();

  constructor(private readonly d: EventsDeps) {}

  /** A robot message: resolves once stored (or known, or ignored); rejects when it could not be stored. */
  async message(payload: unknown, c?: Context): Promise<void> {
    const parsed = robotMessageSchema.safeParse(payload);
    if (!parsed.success) return; // authentic but not a message we read: acknowledged, ignored
    const m = parsed.data;
    const msg = await this.normalize(m);
    if (!msg) return;
    const session = this.sessionOf(m);
    this.d.sessions.remember(msg.chatId, session);
    const { message, relayTo } = this.relay(msg);
    const checked = incomingMessageSchema.safeParse(message);
    if (!checked.success) {
      this.d.port.log.warn('dingtalk message not accepted', {
        msgId: m.msgId,
        issue: checked.error.issues[0]?.message,
      });
      return;
    }
    const context: Record<string, string> = {};
    if (session)
      Object.assign(context, { session: session.url, sessionUntil: String(session.until), sessionChat: msg.chatId });
    if (relayTo) context.relayTo = relayTo;
    await this.store(
      {
        platform: DINGTALK_PLATFORM,
        eventId: `msg:${m.msgId}`,
        work: { kind: 'message', message: checked.data },
        context,
        retentionMs: DINGTALK_EVENT_RETENTION_MS,
      },
      c,
    );
  }

  /** A card button press (Stream only): stored, then confirmed and the card updated after the answer. */
  async card(payload: unknown, deliveryId: string): Promise<void> {
    const parsed = cardCallbackSchema.safeParse(payload);
    if (!parsed.success) return;
    const cb = parsed.data;
    const noticeId = pressedNotice(cb);
    if (noticeId === null) return;
    const userName = await this.d.port.displayName(DINGTALK_PLATFORM, cb.userId);
    const action: IncomingAction = {
      platform: DINGTALK_PLATFORM,
      chatId: cb.spaceId || cb.outTrackId,
      userId: cb.userId,
      ...(userName ? { userName } : {}),
      // Per card and person: pressing again (a new callback) confirms nothing twice.
      actionId: `card:${cb.outTrackId}:${cb.userId}`,
      action: { type: 'notice.ack', noticeId },
    };
    await this.store({
      platform: DINGTALK_PLATFORM,
      eventId: `card:${deliveryId}`,
      work: { kind: 'action', action },
      context: { outTrackId: cb.outTrackId },
      retentionMs: DINGTALK_EVENT_RETENTION_MS,
    });
  }

  private async store(event: InboxEvent, c?: Context): Promise<void> {
    const { port, tasks } = this.d;
    if (await port.inbox.receive(event)) tasks.run(event.eventId, () => port.inbox.process(event), c);
  }

  private async normalize(m: RobotMessage): Promise<IncomingMessage | null> {
    const names = new Map<string, string>();
    for (const u of m.atUsers ?? []) {
      if (!u.staffId || names.has(u.staffId)) continue;
      const name = await this.d.port.displayName(DINGTALK_PLATFORM, u.staffId);
      if (name) names.set(u.staffId, name);
    }
    return toIncoming(m, { botNames: this.d.botNames, names });
  }

  private sessionOf(m: RobotMessage): Session | undefined {
    if (!m.sessionWebhook || !m.sessionWebhookExpiredTime) return undefined;
    if (!this.d.sessions.trusted(m.sessionWebhook)) {
      this.d.port.log.warn('dingtalk sessionWebhook on an unknown host ignored', { msgId: m.msgId });
      return undefined;
    }
    return { url: m.sessionWebhook, until: m.sessionWebhookExpiredTime };
  }

  /**
   * "群机器人 <名称> <命令>" in a direct chat with the app robot runs the command as if typed in the
   * custom robot's group (which the app robot is not in, and where nobody can talk to it): that
   * is how a secretary binds the group (群机器人 一支部群 绑定 第一支部). The sender is the real one,
   * so the command's own role and scope checks apply; the answers come back to the sender.
   */
  private relay(msg: IncomingMessage): { message: IncomingMessage; relayTo?: string } {
    if (msg.chatType !== 'direct') return { message: msg };
    const m = new RegExp(`^${CUSTOM_ROBOT_WORD}\\s+(\\S+)\\s+([\\s\\S]+)$`).exec(msg.text.trim());
    const robot = m ? this.d.robots.byName(m[1]!) : undefined;
    if (!m || !robot) return { message: msg };
    const message: IncomingMessage = {
      ...msg,
      chatId: robotChatId(robot.name),
      chatType: 'group',
      chatName: robot.name,
      text: m[2]!.trim(),
      mentionsBot: true,
    };
    return { message, relayTo: msg.senderId };
  }

  /** Where one reply goes: its chat, except that answers in a relayed robot chat go to the sender. */
  private target(msg: IncomingMessage, r: Reply, relayTo?: string): Target {
    if (r.direct) return { chatId: r.chatId, direct: true };
    if (r.chatId === msg.chatId && relayTo) return { chatId: relayTo, direct: true };
    if (r.chatId === msg.chatId) return { chatId: msg.chatId, direct: msg.chatType === 'direct' };
    return { chatId: r.chatId, direct: false };
  }

  /**
   * Sends the replies (by the event's sessionWebhook while it is valid, else the robot API), or
   * updates a pressed card. DingTalk's robot messages take no idempotency key: replies this
   * process already sent are remembered and skipped when the inbox retries; after a crash
   * between a send and the event's `done`, that reply can go out twice (docs/inbox.md).
   */
  async respond(event: InboxEvent, outcome: InboxOutcome): Promise<void> {
    const { port, sender, api } = this.d;
    if (outcome.kind === 'action') {
      const outTrackId = event.context.outTrackId;
      if (outTrackId && outcome.result.notice) await updateCard(api, outTrackId, outcome.result.notice);
      return;
    }
    if (event.work.kind !== 'message') return;
    const msg = event.work.message;
    const { session, sessionUntil, sessionChat, relayTo } = event.context;
    let transient = 0;
    for (const [i, r] of outcome.result.replies.entries()) {
      const key = `${event.eventId}:${i}`;
      if (this.sent.has(key)) continue;
      const to = this.target(msg, r, relayTo);
      const eventSession =
        session && to.chatId === sessionChat ? { url: session, until: Number(sessionUntil) } : undefined;
      for (let attempt = 1; ; attempt++) {
        try {
          await sender.send(to, r.text, r.mentions, { session: 'prefer', ...(eventSession ? { eventSession } : {}) });
          this.remember(key);
          break;
        } catch (err) {
          const e = err instanceof DeliveryError ? err : new DeliveryError(String(err));
          if (e.opts.permanent || attempt >= DINGTALK_REPLY_SEND_ATTEMPTS) {
            port.log.error('dingtalk reply failed', { eventId: event.eventId, reply: i, attempt, err: e });
            if (!e.opts.permanent) transient++;
            break;
          }
          await sleep(Math.min(e.opts.retryAfterMs ?? 1000, DINGTALK_REPLY_RETRY_MAX_WAIT_MS));
        }
      }
    }
    if (transient > 0) throw new Error(`${transient} dingtalk replies not sent yet`);
  }

  private remember(key: string): void {
    this.sent.add(key);
    if (this.sent.size > SENT_MEMORY_MAX) this.sent.delete(this.sent.values().next().value!);
  }
}
