import { errorFactory } from '../../contracts/errors.js';

/** The refusals of the notices feature, by code, with what explains each (rendered in commands/notices/texts.ts). */
export interface NoticeErrors {
  /** 通知 to a unit outside the officer's own unit and those below it. */
  'notice.draft_out_of_scope': { unitId: string; unitName: string };
  /** 通知 … 于 a time that has already passed. */
  'notice.time_passed': { at: number };
  /** 通知 … 截止 a time not after the notice is sent. */
  'notice.deadline_before_send': { deadlineAt: number; sendAt: number; timeZone: string };
  /** 确认发送 of a draft whose deadline passed since it was drafted. */
  'notice.draft_deadline_passed': { id: number; at: number };
  /** 确认发送 without a draft of the sender's. */
  'notice.no_draft': Record<string, never>;
  /** 确认发送 of a draft older than NOTICE_DRAFT_TTL_HOURS. */
  'notice.draft_expired': { id: number; ttlHours: number };
  /** 确认发送 of a draft whose scheduled time passed since it was drafted. */
  'notice.draft_time_passed': { id: number; at: number };
  /** 确认发送 by someone who no longer manages a target unit. */
  'notice.send_out_of_scope': { id: number; unitId: string; unitName: string };
  /** 确认发送 when no target unit has a bound chat. */
  'notice.no_bound_chats': { id: number };
  /** 未读/催办 without a number when nothing has been published. */
  'notice.none_published': Record<string, never>;
  /** 未读/催办 of a number that is no sent notice. */
  'notice.not_sent': { id: number };
  /** 未读/催办 of a scheduled notice before its time. */
  'notice.not_yet_published': { id: number; publishAt: number };
  /** 未读/催办 of a notice whose target units the officer neither manages nor sent to. */
  'notice.no_receipt_access': { id: number };
  /** 催办 of units all chased within CHASE_EVERY_MS: when it may be repeated. */
  'notice.chase_too_soon': { id: number; until: number; timeZone: string };
  /** `催办 N 电话` where no platform of the notice's chats offers phone escalation. */
  'notice.phone_unavailable': { id: number };
  /** 收到, 未读, 催办 or 撤回通知 of a withdrawn notice. */
  'notice.withdrawn': { id: number; at: number };
  /** 撤回通知 by someone who neither sent the notice nor manages the unit that sent it. */
  'notice.withdraw_denied': { id: number; unitName: string };
  /** 收到 by a member without a unit. */
  'notice.no_unit': Record<string, never>;
  /** 收到 of a number that is no published notice. */
  'notice.not_published': { id: number };
  /** 收到 of a notice not addressed to the member's unit. */
  'notice.not_addressed': { id: number; unitId: string };
}

export const noticeError = errorFactory<NoticeErrors>();
