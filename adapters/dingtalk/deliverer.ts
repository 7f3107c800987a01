import type { Deliverer, Outbound } from '../../src/contracts/adapter.js';
import type { DingTalkApi } from './api.js';
import { deliverCard, noticeTrackId } from './card.js';
import { DINGTALK_PLATFORM } from './constants.js';
import type { CustomRobots } from './robots.js';
import type { Sender } from './send.js';

export interface DelivererDeps {
  api: DingTalkApi;
  sender: Sender;
  robots: CustomRobots;
  robotCode: string;
  /** Notices go as cards with a 收到 button when set (and the adapter receives their callbacks). */
  cardTemplateId?: string;
}

/**
 * Sends one outbox row. A notice becomes a card with a 收到 button when a card template is
 * configured (its outTrackId from the row's key, so a retry after a crash cannot deliver a second
 * card), otherwise a markdown message. A row that @s people goes
 * by the chat's sessionWebhook while one is valid (the robot API cannot @); custom robots' chats
 * by their robot.
 */
export function dingtalkDeliverer(d: DelivererDeps): Deliverer {
  return {
    platform: DINGTALK_PLATFORM,
    async deliver(m: Outbound): Promise<void> {
      const to = { chatId: m.chatId, direct: m.direct };
      if (m.kind === 'notice' && m.notice && d.cardTemplateId && !d.robots.get(m.chatId)) {
        const { id: noticeId, title } = m.notice;
        const outTrackId = noticeTrackId(noticeId, m.idempotencyKey || `${m.id}`);
        const o = { templateId: d.cardTemplateId, robotCode: d.robotCode, outTrackId, to, mentions: m.mentions };
        await deliverCard(d.api, o, { noticeId, title, text: m.text });
        return;
      }
      const title = m.kind === 'notice' && m.notice ? (m.notice.title ?? `通知 #${m.notice.id}`) : undefined;
      const session = m.mentions.length > 0 && m.kind !== 'notice' ? 'prefer' : 'never';
      await d.sender.send(to, m.text, m.mentions, { title, session });
    },
  };
}
