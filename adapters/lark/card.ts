import { z } from 'zod';
import type { Confirmations } from '../../src/contracts/adapter.js';
import type { Mention } from '../../src/contracts/message.js';
import { LARK_CARD_TEXT_MAX_CHARS } from './constants.js';
import { cardMarkdown } from './render.js';

/** The `action` a 收到 button carries in its value, next to the notice id. */
export const ACK_ACTION = 'pioneer.ack';

// Cards sent before ids were numbers carry them as strings; both mean the same notice.
const noticeId = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
]);
const ackValueSchema = z.object({ action: z.literal(ACK_ACTION), noticeId });

/** The notice id of a pressed 收到 button, or null for any other card action. */
export function ackNoticeId(value: unknown): number | null {
  const parsed = ackValueSchema.safeParse(value);
  return parsed.success ? parsed.data.noticeId : null;
}

export interface NoticeCardInput {
  noticeId: number;
  title?: string | null;
  text: string;
  mentions?: readonly Mention[];
  confirmations?: Confirmations | null;
}

/** An interactive card for a notice with a 收到 button; shared, so a patch updates it for everyone. */
export function noticeCard(n: NoticeCardInput): Record<string, unknown> {
  const body = n.text.length > LARK_CARD_TEXT_MAX_CHARS ? `${n.text.slice(0, LARK_CARD_TEXT_MAX_CHARS)}…` : n.text;
  const c = n.confirmations;
  const status = c ? `已确认 ${c.confirmed} / ${c.total} 人` : '请点击「收到」确认已读';
  return {
    config: { wide_screen_mode: true, update_multi: true },
    header: { template: 'red', title: { tag: 'plain_text', content: n.title?.trim() || `通知 #${n.noticeId}` } },
    elements: [
      { tag: 'div', text: { tag: 'lark_md', content: cardMarkdown(body, n.mentions ?? []) } },
      { tag: 'note', elements: [{ tag: 'plain_text', content: status }] },
      {
        tag: 'action',
        actions: [
          {
            tag: 'button',
            text: { tag: 'plain_text', content: '收到' },
            type: 'primary',
            value: { action: ACK_ACTION, noticeId: String(n.noticeId) },
          },
        ],
      },
    ],
  };
}
