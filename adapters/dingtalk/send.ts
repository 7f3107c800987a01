import { DeliveryError } from '../../src/contracts/errors.js';
import type { Mention } from '../../src/contracts/message.js';
import { postRobot, type DingTalkApi } from './api.js';
import { DINGTALK_RATE_LIMIT_WAIT_MS } from './constants.js';
import { apiMessage, render, webhookMessage } from './render.js';
import type { CustomRobots } from './robots.js';
import type { Session, Sessions } from './sessions.js';

/** Where a message goes: a chat the core knows (a group, a person, a custom robot's group). */
export interface Target {
  chatId: string;
  direct: boolean;
}

export interface SendOptions {
  /** A notice's title: the message is markdown with it as its heading. */
  title?: string | null;
  /**
   * Use the chat's sessionWebhook while it is valid (replies; messages that @ people, which the
   * robot API cannot). Otherwise the robot API, whose messages can be asked who read them.
   */
  session?: 'prefer' | 'never';
  /** A sessionWebhook known from the event being answered (stored with it). */
  eventSession?: Session;
}

interface BatchSendAnswer {
  processQueryKey?: string;
  invalidStaffIdList?: string[];
  flowControlledStaffIdList?: string[];
}

/** Sends one message by the best path DingTalk offers for its target. */
export class Sender {
  constructor(private readonly o: { api: DingTalkApi; robotCode: string; sessions: Sessions; robots: CustomRobots }) {}

  /**
   * Sends one message: by its custom robot, by a valid sessionWebhook, else by the robot API. Answers
   * the robot API's processQueryKey (the message's id for read status and recall); the other paths
   * give none.
   */
  async send(
    to: Target,
    text: string,
    mentions: readonly Mention[],
    opts: SendOptions = {},
  ): Promise<string | undefined> {
    const { api, robotCode, sessions, robots } = this.o;
    const robot = robots.get(to.chatId);
    if (robot) {
      await robots.send(robot, render(text, mentions, { canAt: true, title: opts.title }));
      return undefined;
    }
    const session = opts.session === 'never' ? undefined : sessions.valid(to.chatId, opts.eventSession);
    if (session) {
      await postRobot(session.url, webhookMessage(render(text, mentions, { canAt: true, title: opts.title })));
      return undefined;
    }
    const msg = apiMessage(render(text, mentions, { canAt: false, title: opts.title }));
    if (to.direct) {
      const res = await api.call<BatchSendAnswer>('POST', '/v1.0/robot/oToMessages/batchSend', {
        robotCode,
        userIds: [to.chatId],
        ...msg,
      });
      if (res.invalidStaffIdList?.includes(to.chatId))
        throw new DeliveryError(`dingtalk: ${to.chatId} is not a staff id of this organisation`, { permanent: true });
      if (res.flowControlledStaffIdList?.includes(to.chatId))
        throw new DeliveryError('dingtalk: flow controlled', { retryAfterMs: DINGTALK_RATE_LIMIT_WAIT_MS });
      return res.processQueryKey || undefined;
    }
    const res = await api.call<{ processQueryKey?: string }>('POST', '/v1.0/robot/groupMessages/send', {
      robotCode,
      openConversationId: to.chatId,
      ...msg,
    });
    return res.processQueryKey || undefined;
  }
}
