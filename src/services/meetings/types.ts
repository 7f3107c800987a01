import type { attendance, makeupRequests, meetings, meetingSeries, MEETING_TYPES } from '../../db/tables/meetings.js';

export type MeetingType = (typeof MEETING_TYPES)[number];
export type Meeting = typeof meetings.$inferSelect;
export type MeetingSeries = typeof meetingSeries.$inferSelect;
export type AttendanceRow = typeof attendance.$inferSelect;
export type MakeupRequest = typeof makeupRequests.$inferSelect;
export type MakeupStatus = MakeupRequest['status'];

/** What names a meeting to people (its number, type, title and start): enough for a label. */
export type MeetingRef = Pick<Meeting, 'id' | 'type' | 'title' | 'startsAt'>;

/** A meeting reduced to its label's fields, for error and notice parameters. */
export function meetingRef(m: MeetingRef): MeetingRef {
  return { id: m.id, type: m.type, title: m.title, startsAt: m.startsAt };
}
