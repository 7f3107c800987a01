import type { CorePort, Deliverer, Outbound } from '../../src/contracts/adapter.js';
import { DeliveryError } from '../../src/contracts/errors.js';
import { noticeCard, noticeTaskId } from './card.js';
import { WECOM_MARKDOWN_MAX_BYTES, WECOM_PLATFORM } from './constants.js';
import { isRobotChat } from './keys.js';
import type { AibotLink } from './link.js';
import { cutBytes, markdownWithMentions } from './render.js';
import { robotBody, sendToRobot } from './robot.js';

export interface DelivererDeps {
  /** The long connection (its pushes reach the AI bot's chats); undefined in URL mode. */
  link: () => AibotLink | undefined;
  /** Keys of the group robots named in WECOM_GROUP_WEBHOOKS, by chat id. */
  robots: ReadonlyMap<string, string>;
  apiBase: string;
  /** The core's port, once attached: keys of robots bound by command. */
  port: () => CorePort | undefined;
}

/** What an outbox row becomes on the AI bot: a notice as a card with 收到, anything else as markdown. */
export function aibotBody(m: Outbound): Record<string, unknown> {
  if (m.kind === 'notice' && m.notice) {
    const taskId = noticeTaskId(m.notice.id, m.id);
    const card = noticeCard({ noticeId: m.notice.id, title: m.notice.title, text: m.text, taskId });
    return { msgtype: 'template_card', template_card: card };
  }
  const content = cutBytes(markdownWithMentions(m.text, m.mentions), WECOM_MARKDOWN_MAX_BYTES);
  return { msgtype: 'markdown', markdown: { content } };
}

/**
 * Sends one outbox row: to a group robot's chat through its webhook (the key from the
 * environment, else opened from the binding), to the AI bot's chats and people by
 * `aibot_send_msg`. Neither takes an idempotency key, so a row is sent once by the outbox's
 * lease (a crash between the send and its mark can repeat it). Throws DeliveryError; 45009 waits.
 * Returns no message id: WeCom tells the bot nothing about who read it, and it has no escalation.
 */
export function wecomDeliverer(d: DelivererDeps): Deliverer {
  return {
    platform: WECOM_PLATFORM,
    async deliver(m): Promise<undefined> {
      if (m.escalate) throw new DeliveryError('wecom: no escalation', { permanent: true });
      if (isRobotChat(m.chatId)) {
        const key = d.robots.get(m.chatId) ?? (await d.port()?.robots.secret(WECOM_PLATFORM, m.chatId));
        if (!key) throw new DeliveryError(`wecom: no key for group robot ${m.chatId}`, { permanent: true });
        const title = m.kind === 'notice' ? m.notice?.title : undefined;
        await sendToRobot(d.apiBase, key, robotBody(m.text, m.mentions, title));
        return undefined;
      }
      const link = d.link();
      if (!link) {
        const why = 'in URL mode the AI bot cannot send first; bind a group robot to the unit';
        throw new DeliveryError(`wecom: ${why}`, { permanent: true });
      }
      await link.send(m.chatId, aibotBody(m));
      return undefined;
    },
  };
}
