import { z } from 'zod';
import { actionSchema, type Action, type Confirmations, type OutboundButton } from '../../src/contracts/adapter.js';
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

/** The `action` a button for any core Action carries in its value, beside the Action itself. */
export const CORE_ACTION = 'pioneer.action';

const coreValueSchema = z.object({ action: z.literal(CORE_ACTION), act: actionSchema });

/** The core Action of a pressed button (a 确认 on minutes), or null for any other value. */
export function pressedAction(value: unknown): Action | null {
  return coreValueSchema.safeParse(value).data?.act ?? null;
}

/** A card with the row's text and one button (the 主持人's 确认 of minutes), sent to one person. */
export function buttonCard(
  text: string,
  button: OutboundButton,
  mentions: readonly Mention[] = [],
): Record<string, unknown> {
  const body = text.length > LARK_CARD_TEXT_MAX_CHARS ? `${text.slice(0, LARK_CARD_TEXT_MAX_CHARS)}…` : text;
  const title = body.split('\n', 1)[0]!.slice(0, 60);
  return {
    config: { wide_screen_mode: true },
    header: { template: 'red', title: { tag: 'plain_text', content: title } },
    elements: [
      { tag: 'div', text: { tag: 'lark_md', content: cardMarkdown(body.slice(title.length).trim(), mentions) } },
      {
        tag: 'action',
        actions: [
          {
            tag: 'button',
            text: { tag: 'plain_text', content: button.label },
            type: 'primary',
            value: { action: CORE_ACTION, act: button.action },
          },
        ],
      },
    ],
  };
}
