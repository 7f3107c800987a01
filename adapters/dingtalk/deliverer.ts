import type { Deliverer, Delivered, Outbound } from '../../src/contracts/adapter.js';
import { DeliveryError } from '../../src/contracts/errors.js';
import type { Logger } from '../../src/contracts/log.js';
import type { DingTalkApi } from './api.js';
import { deliverCard, noticeTrackId } from './card.js';
import { DINGTALK_PLATFORM } from './constants.js';
import { sendDing } from './ding.js';
import type { CustomRobots } from './robots.js';
import type { Sender } from './send.js';

export interface DelivererDeps {
  api: DingTalkApi;
  sender: Sender;
  robots: CustomRobots;
  robotCode: string;
  /** Notices go as cards with a 收到 button when set (and the adapter receives their callbacks). */
  cardTemplateId?: string;
  /** The adapter's logger of the moment (the core's, once attached). */
  log: () => Logger;
}

/** The outbox kind of an escalation row (src/outbox/outbound.ts writes `escalate` from its payload). */
const ESCALATE_KIND = 'notice.escalate';

/**
 * An escalation row as a DING to the people it names, by the channel it names (in the app, SMS or
 * phone: phone and SMS cost the organisation, so only a row that says so uses them). A DING is
 * its own message: it needs no delivered message and carries the row's text (the notice named
 * when the row has none). People DingTalk refused while reaching others are logged, not retried:
 * a retry would DING the others a second time.
 */
async function escalate(d: DelivererDeps, m: Outbound): Promise<undefined> {
  if (!m.escalate) throw new DeliveryError('escalation row without its payload', { permanent: true });
  const title = m.notice?.title ? `「${m.notice.title}」` : '';
  const text = m.text.trim() || (m.notice ? `请查看并确认通知 #${m.notice.id}${title}` : '');
  const { userIds, channel } = m.escalate;
  const sent = await sendDing(d.api, { robotCode: d.robotCode, userIds, text, channel });
  if (Object.keys(sent.refused).length)
    d.log().warn('dingtalk: DING refused for some receivers; the others were reached', {
      outboxId: m.id,
      channel,
      refused: sent.refused,
    });
  return undefined;
}

/**
 * Sends one outbox row and answers what DingTalk calls the message, for read status: the robot
 * API's processQueryKey. A notice becomes a card with a 收到 button when a card template is
 * configured (its outTrackId from the row's key, so a retry after a crash cannot deliver a second
 * card; DingTalk tells nobody who read a card, so it answers no id), otherwise a markdown message.
 * A row that @s people goes by the chat's sessionWebhook while one is valid (the robot API cannot
 * @; no id either); custom robots' chats by their robot (no id). An escalation row is a DING.
 */
export function dingtalkDeliverer(d: DelivererDeps): Deliverer {
  return {
    platform: DINGTALK_PLATFORM,
    async deliver(m: Outbound): Promise<Delivered | undefined> {
      if (m.escalate || m.kind === ESCALATE_KIND) return escalate(d, m);
      const to = { chatId: m.chatId, direct: m.direct };
      if (m.kind === 'notice' && m.notice && d.cardTemplateId && !d.robots.get(m.chatId)) {
        const { id: noticeId, title } = m.notice;
        const outTrackId = noticeTrackId(noticeId, m.idempotencyKey || `${m.id}`);
        const o = { templateId: d.cardTemplateId, robotCode: d.robotCode, outTrackId, to, mentions: m.mentions };
        await deliverCard(d.api, o, { noticeId, title, text: m.text });
        return undefined;
      }
      const title = m.kind === 'notice' && m.notice ? (m.notice.title ?? `通知 #${m.notice.id}`) : undefined;
      const session = m.mentions.length > 0 && m.kind !== 'notice' ? 'prefer' : 'never';
      const platformMessageId = await d.sender.send(to, m.text, m.mentions, { title, session });
      return platformMessageId ? { platformMessageId } : undefined;
    },
  };
}
