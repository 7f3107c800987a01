import type { MeetingRef } from './types.js';

/**
 * The messages the meetings service sends to bound chats through the outbox. Types only: the
 * Chinese is in commands/meetings/texts.ts (meetingNoticeTexts), passed in by the commands.
 */
export interface MeetingNoticeTexts {
  /** 【会议取消】: `seriesStopped` when the monthly repeat stops with it. */
  cancelled(p: {
    unit: string;
    meeting: MeetingRef;
    zone: string;
    reason: string | null;
    seriesStopped: boolean;
  }): string;
  /** 【会议改期】: `meeting` as it was, `startsAt` the new start. */
  moved(p: { unit: string; meeting: MeetingRef; zone: string; startsAt: number; place: string | null }): string;
}
