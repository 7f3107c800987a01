import { z } from 'zod';
import type { Mention } from '../../src/contracts/message.js';
import { LARK_CARD_TEXT_MAX_CHARS } from './constants.js';
import { cardMarkdown } from './render.js';

/** The `action` a 收到 button carries in its value, next to the notice id. */
export const ACK_ACTION = 'pioneer.ack';

const noticeId = z.union([z.string().min(1).max(64), z.number().int().nonnegative()]).transform(String);

/** Payload of an outbox row of kind 'notice' (written by the notices feature). */
const noticePayloadSchema = z.object({ noticeId, title: z.string().max(200).optional() });
export type NoticePayload = z.infer<typeof noticePayloadSchema>;

/** The notice a row's payload names, or null when it is not a notice payload. */
export function noticePayload(payload: unknown): NoticePayload | null {
  const parsed = noticePayloadSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

const ackValueSchema = z.object({ action: z.literal(ACK_ACTION), noticeId });

/** The notice id of a pressed 收到 button, or null for any other card action. */
export function ackNoticeId(value: unknown): string | null {
  const parsed = ackValueSchema.safeParse(value);
  return parsed.success ? parsed.data.noticeId : null;
}

/** How many people confirmed a notice, and of how many when known. */
export interface Confirmations {
  confirmed: number;
  total?: number;
}

/**
 * Reads the count of confirmations from the answer to "收到 <id>", for when no hook gives it:
 * "已确认 3/10" (or "3 / 10 人已确认") gives both numbers, "已确认 3 人" the count alone.
 */
export function confirmationsFromReply(text: string): Confirmations | null {
  const both = /已确认\D{0,4}?(\d+)\s*[/／]\s*(\d+)/.exec(text) ?? /(\d+)\s*[/／]\s*(\d+)\s*人?已确认/.exec(text);
  if (both) return { confirmed: Number(both[1]), total: Number(both[2]) };
  const one = /已确认\D{0,4}?(\d+)\s*人/.exec(text) ?? /(\d+)\s*人已确认/.exec(text);
  return one ? { confirmed: Number(one[1]) } : null;
}

export interface NoticeCardInput {
  noticeId: string;
  title?: string;
  text: string;
  mentions?: readonly Mention[];
  confirmations?: Confirmations | null;
}

/** An interactive card for a notice with a 收到 button; shared, so a patch updates it for everyone. */
export function noticeCard(n: NoticeCardInput): Record<string, unknown> {
  const body = n.text.length > LARK_CARD_TEXT_MAX_CHARS ? `${n.text.slice(0, LARK_CARD_TEXT_MAX_CHARS)}…` : n.text;
  const c = n.confirmations;
  const status = c ? `已确认 ${c.confirmed}${c.total !== undefined ? ` / ${c.total}` : ''} 人` : '请点击「收到」确认已读';
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
            value: { action: ACK_ACTION, noticeId: n.noticeId },
          },
        ],
      },
    ],
  };
}
