// Changes to a scheduled meeting: 取消会议 and 会议设置 (改期, staff, place, title, code, window).
import { eq, inArray } from 'drizzle-orm';
import { chatBindings, meetings, meetingSeries } from '../../db/schema.js';
import { enqueue } from '../../outbox/enqueue.js';
import type { Work } from '../../contracts/work.js';
import type { UnitTree } from '../org/units.js';
import { announceCancellation } from './cancel-notice.js';
import { newCodeSecret } from './checkin-code.js';
import { meetingsError } from './errors.js';
import { CHECKIN_WINDOW_MAX_MIN, MAX_MEETING_PLACE_CHARS, MAX_MEETING_TITLE_CHARS } from './meetings.js';
import { scopeUnitIds, zoneOf } from './scope.js';
import type { MeetingNoticeTexts } from './texts.js';
import { meetingRef, type Meeting } from './types.js';

/** Chats bound to the meeting's unit and to the units it covers: where its changes are announced. */
async function boundChatsOf(work: Work, tree: UnitTree, m: Meeting) {
  return work.db
    .select({ platform: chatBindings.platform, chatId: chatBindings.chatId })
    .from(chatBindings)
    .where(inArray(chatBindings.unitId, [...new Set([m.unitId, ...scopeUnitIds(tree, m)])]));
}

/** Refuses to change a cancelled meeting. */
export function checkNotCancelled(m: Pick<Meeting, 'id' | 'status'>): void {
  if (m.status === 'cancelled') throw meetingsError('meeting.cancelled', { id: m.id });
}

/**
 * Cancels a meeting that has not started (and, with `series`, its monthly repeat) and tells the
 * bound chats through the outbox, in the same batch, one 【会议取消】 per chat for a burst
 * (src/services/meetings/cancel-notice.ts); the caller removes its reminders in that batch too
 * (src/services/reminders/plan.ts). Returns how many chats are told.
 */
export async function cancelMeeting(
  work: Work,
  tree: UnitTree,
  m: Meeting,
  opts: { reason: string | null; series: boolean },
  texts: MeetingNoticeTexts,
): Promise<number> {
  const zone = zoneOf(tree, m.unitId);
  if (m.status === 'cancelled') throw meetingsError('meeting.already_cancelled', { id: m.id });
  if (work.now.getTime() >= m.startsAt) {
    throw meetingsError('meeting.cancel_after_start', { id: m.id, startsAt: m.startsAt, zone });
  }
  const now = work.now.getTime();
  const cancelled = { status: 'cancelled' as const, cancelReason: opts.reason, cancelledAt: now };
  work.write(work.db.update(meetings).set(cancelled).where(eq(meetings.id, m.id)));
  const seriesStopped = opts.series && m.seriesId !== null;
  if (seriesStopped) {
    work.write(work.db.update(meetingSeries).set({ active: false }).where(eq(meetingSeries.id, m.seriesId!)));
  }
  const chats = await boundChatsOf(work, tree, m);
  const unit = tree.get(m.unitId)?.name ?? '';
  const item = { unit, meeting: meetingRef(m), zone, reason: opts.reason, seriesStopped };
  await announceCancellation(work, chats, item, texts);
  return chats.length;
}

/** Refuses to move a meeting that has started. */
export function checkMovable(tree: UnitTree, m: Meeting, now: Date): void {
  if (now.getTime() >= m.startsAt) {
    throw meetingsError('meeting.move_after_start', { id: m.id, startsAt: m.startsAt, zone: zoneOf(tree, m.unitId) });
  }
}

/**
 * Moves a meeting that has not started to `startsAt` (this occurrence only; a monthly series
 * keeps its rule), leaves its reminders for the caller to plan afresh (src/services/reminders/plan.ts
 * removeReminders, scheduleReminders) and tells the bound chats, in the same batch. `startsAt` must lie ahead
 * (the command reads it with readTime, which refuses a time past). A new end comes with a range;
 * without one a meeting that had an end keeps its length. Returns the moved meeting and how many
 * chats are told.
 */
export async function moveMeeting(
  work: Work,
  tree: UnitTree,
  m: Meeting,
  to: { startsAt: Date; endsAt: Date | null },
  texts: MeetingNoticeTexts,
): Promise<{ meeting: Meeting; chats: number }> {
  checkNotCancelled(m);
  checkMovable(tree, m, work.now);
  const startsAt = to.startsAt.getTime();
  const endsAt = to.endsAt ? to.endsAt.getTime() : m.endsAt === null ? null : startsAt + (m.endsAt - m.startsAt);
  if (endsAt !== null && endsAt <= startsAt) throw new Error(`meeting #${m.id} would end before it starts`);
  const moved: Meeting = { ...m, startsAt, endsAt };
  work.write(work.db.update(meetings).set({ startsAt, endsAt }).where(eq(meetings.id, m.id)));
  const chats = await boundChatsOf(work, tree, m);
  const zone = zoneOf(tree, m.unitId);
  const unit = tree.get(m.unitId)?.name ?? '';
  const text = texts.moved({ unit, meeting: meetingRef(m), zone, startsAt: moved.startsAt, place: m.place });
  enqueue(
    work,
    chats.map((c) => ({ ...c, kind: 'meeting.move', ref: `${m.id}@${moved.startsAt}`, text })),
  );
  return { meeting: moved, chats: chats.length };
}

/** One setting of 会议设置 other than the time. */
export type MeetingChange =
  | { item: 'host' | 'recorder' | 'speaker'; memberId: string | null }
  | { item: 'place' | 'title'; value: string }
  | { item: 'code'; on: boolean }
  /** Minutes before and after the start; NaN (words that are not numbers) is refused as out of range. */
  | { item: 'window'; opensBeforeMin: number; closesAfterMin: number };

type SettableColumn =
  | 'hostMemberId'
  | 'recorderMemberId'
  | 'speakerMemberId'
  | 'place'
  | 'title'
  | 'opensBeforeMin'
  | 'closesAfterMin'
  | 'codeSecret';
type Settable = Partial<Pick<Meeting, SettableColumn>>;

const FIELD_MAX = { place: MAX_MEETING_PLACE_CHARS, title: MAX_MEETING_TITLE_CHARS } as const;

const minutes = (n: number, min: number): boolean => Number.isInteger(n) && n >= min && n <= CHECKIN_WINDOW_MAX_MIN;

/** The columns a change sets, after checking its value. */
function columnsOf(m: Meeting, change: MeetingChange): Settable {
  switch (change.item) {
    case 'host':
      return { hostMemberId: change.memberId };
    case 'recorder':
      return { recorderMemberId: change.memberId };
    case 'speaker':
      return { speakerMemberId: change.memberId };
    case 'place':
    case 'title': {
      const max = FIELD_MAX[change.item];
      if (!change.value || change.value.length > max) {
        throw meetingsError('meeting.field_length', { field: change.item, max });
      }
      return { [change.item]: change.value };
    }
    case 'code':
      // Switching the code on again keeps the secret, so codes already shown stay valid.
      return { codeSecret: change.on ? (m.codeSecret ?? newCodeSecret()) : null };
    case 'window':
      if (!minutes(change.opensBeforeMin, 0) || !minutes(change.closesAfterMin, 1)) {
        throw meetingsError('meeting.window_invalid', { max: CHECKIN_WINDOW_MAX_MIN });
      }
      return { opensBeforeMin: change.opensBeforeMin, closesAfterMin: change.closesAfterMin };
  }
}

/**
 * Changes one setting of a meeting that is not cancelled (and of its series, so later
 * occurrences keep it). Returns the meeting as changed.
 */
export function changeMeeting(work: Work, m: Meeting, change: MeetingChange): Meeting {
  checkNotCancelled(m);
  const set = columnsOf(m, change);
  work.write(work.db.update(meetings).set(set).where(eq(meetings.id, m.id)));
  if (m.seriesId) {
    const { codeSecret, ...seriesSet } = set;
    const forSeries = codeSecret === undefined ? seriesSet : { ...seriesSet, requireCode: codeSecret !== null };
    if (Object.keys(forSeries).length) {
      work.write(work.db.update(meetingSeries).set(forSeries).where(eq(meetingSeries.id, m.seriesId)));
    }
  }
  return { ...m, ...set };
}
