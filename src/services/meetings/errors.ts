import { errorFactory } from '../../contracts/errors.js';
import type { MakeupStatus, MeetingRef } from './types.js';

/**
 * The refusals of the meetings feature, by code, with what explains each: ids, unit names (null
 * when the unit has vanished), instants as epoch ms with the zone they are shown in. Rendered by
 * commands/meetings/texts.ts.
 */
export interface MeetingsErrors {
  'meeting.not_found': { id: number };
  /** A group chat bound to no unit, asked about "this unit's" meetings. */
  'meeting.chat_unbound': Record<string, never>;
  /** A direct chat of someone who belongs to no unit, asked about "my unit's" meetings. */
  'meeting.no_unit': Record<string, never>;
  'meeting.unbound_chat': { id: number; owner: string | null };
  'meeting.other_chat': { id: number; owner: string | null; bound: string };
  'meeting.not_manager': { id: number; owner: string | null };
  'meeting.no_member': Record<string, never>;
  'meeting.schedule_other_chat': { bound: string | null; unit: string };
  'meeting.list_forbidden': { unit: string };
  'meeting.cancelled': { id: number };
  'meeting.already_cancelled': { id: number };
  'meeting.cancel_after_start': { id: number; startsAt: number; zone: string };
  'meeting.move_after_start': { id: number; startsAt: number; zone: string };
  'meeting.field_length': { field: 'place' | 'title'; max: number };
  'meeting.window_invalid': { max: number };
  /** A bare name several members of the meeting's unit have; `units` of each, in order. */
  'meeting.person_ambiguous': { name: string; units: string[] };
  /** 确认安排 with no meeting held back as a possible duplicate. */
  'meeting.no_draft': Record<string, never>;
  /** 确认安排 too late: the draft is older than `minutes`, or its time has come. */
  'meeting.draft_expired': { minutes: number };

  'checkin.not_open': { id: number; opensAt: number; startsAt: number; zone: string };
  'checkin.closed': { id: number; closesAt: number; zone: string };
  'checkin.code_required': { id: number; digits: number };
  'checkin.code_locked': { id: number; max: number };
  'checkin.several_open': { meetings: MeetingRef[]; zone: string };
  'checkin.opens_later': { meeting: MeetingRef; opensAt: number; zone: string };
  'checkin.ended': { meeting: MeetingRef; closesAt: number; zone: string };
  'checkin.none_open': { unit: string };
  'checkin.no_code_meeting': { unit: string };
  'checkin.code_off': { id: number };
  'checkin.code_closed': { id: number };

  /** A 支委会, checked in to or asked leave of by someone who is not a 书记 or 委员. */
  'attendance.committee_only': { id: number };
  'attendance.leave_cancelled': { id: number };
  'attendance.leave_after_start': { id: number; startsAt: number; zone: string };
  'attendance.leave_checked_in': { id: number };
  'attendance.leave_already': { reason: string | null };
  'attendance.no_upcoming': { unit: string };
  /** 请假 without a number with several meetings ahead: which one. */
  'attendance.several_upcoming': { meetings: MeetingRef[]; zone: string };
  /** 撤销请假 of no leave (of meeting `id`, or of any meeting not ended when null). */
  'attendance.no_leave': { id: number | null };
  'attendance.several_leaves': { meetings: MeetingRef[]; zone: string };
  'attendance.leave_ended': { id: number };
  'attendance.absence_too_early': { id: number };
  'attendance.not_absent': Record<string, never>;
  'attendance.forbidden': { unit: string };
  'attendance.none_opened': { unit: string };

  'makeup.not_started': { id: number };
  'makeup.window_open': { id: number };
  'makeup.too_late': { id: number; days: number; deadline: number; zone: string };
  'makeup.checked_in': { id: number };
  'makeup.duplicate': { id: number; requestId: number; status: MakeupStatus };
  'makeup.not_found': { id: number };
  'makeup.own_request': Record<string, never>;
  'makeup.decided': { id: number; status: MakeupStatus };

  /** 代签 of oneself: an officer's own presence is 签到 or an approved 补签. */
  'proxy.self': { id: number };
  /** 代签 later than 补签 may be asked for (MAKEUP_DEADLINE_DAYS after the window closed). */
  'proxy.too_late': { id: number; days: number; deadline: number; zone: string };
}

export const meetingsError = errorFactory<MeetingsErrors>();
