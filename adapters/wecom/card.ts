import type { Confirmations } from '../../src/contracts/adapter.js';
import { WECOM_CARD_TEXT_MAX_CHARS } from './constants.js';

/** The key of a notice card's 收到 button: this prefix and the notice id. */
const ACK_KEY = /^pioneer\.ack:(\d{1,15})$/;

/** The notice id of a pressed 收到 button, or null for any other key. */
export function ackNoticeId(eventKey: string | undefined): number | null {
  const m = ACK_KEY.exec(eventKey ?? '');
  return m ? Number(m[1]) : null;
}

export interface NoticeCardInput {
  noticeId: number;
  title?: string | null;
  text: string;
  confirmations?: Confirmations | null;
  /** Unique per card: the press event names it, and an update must carry the same. */
  taskId: string;
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/**
 * A notice as a `button_interaction` template card with one 收到 button. The same card is
 * shown to everyone in the chat, so an update after a press shows everyone the new count.
 */
export function noticeCard(n: NoticeCardInput): Record<string, unknown> {
  const c = n.confirmations;
  return {
    card_type: 'button_interaction',
    main_title: {
      title: cut(n.title?.trim() || `通知 #${n.noticeId}`, 26),
      desc: c ? `已确认 ${c.confirmed} / ${c.total} 人` : '请点击「收到」确认已读',
    },
    sub_title_text: cut(n.text, WECOM_CARD_TEXT_MAX_CHARS),
    button_list: [{ text: '收到', style: 1, key: `pioneer.ack:${n.noticeId}` }],
    task_id: n.taskId,
  };
}

/** A card's task id: of the notice and the outbox row, within WeCom's 128 characters of [A-Za-z0-9_-@]. */
export function noticeTaskId(noticeId: number, rowId: number): string {
  return `notice_${noticeId}_${rowId}`;
}
