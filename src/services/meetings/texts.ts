import type { MeetingRef } from './types.js';

/**
 * The messages the meetings service sends to bound chats through the outbox. Types only: the
 * Chinese is in commands/meetings/texts.ts (meetingNoticeTexts), passed in by the commands.
 */
export interface MeetingNoticeTexts {
  /**
   * 【会议取消】 for the meetings of one burst (one or more, in the order they were cancelled):
   * a burst posts one summary per chat (src/services/meetings/changes.ts).
   */
  cancelled(items: readonly CancelledItem[]): string;
  /** 【会议改期】: `meeting` as it was, `startsAt` the new start. */
  moved(p: { unit: string; meeting: MeetingRef; zone: string; startsAt: number; place: string | null }): string;
}

/** One cancelled meeting of a 【会议取消】: `seriesStopped` when the monthly repeat stops with it. */
export interface CancelledItem {
  unit: string;
  meeting: MeetingRef;
  zone: string;
  reason: string | null;
  seriesStopped: boolean;
}
