// A 会议 that repeats one already scheduled: a retry of the same command (the same message again is
// answered once by the dispatcher; the same words sent again, or re-delivered under a new message
// id, arrive here) is answered with the meeting it made; another meeting of the same type and unit
// close to it waits for 确认安排.
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import { meetingDrafts, meetings, meetingSeries } from '../../db/schema.js';
import { actorIdentity, type ActorRef } from '../../contracts/identity.js';
import type { Db } from '../../contracts/store.js';
import type { Work } from '../../contracts/work.js';
import { meetingsError } from './errors.js';
import type { ScheduleInput } from './meetings.js';
import type { Meeting } from './types.js';

/** Two meetings of one type and unit starting this close look like one scheduled twice. */
export const DUPLICATE_WINDOW_MIN = 120;
/** The same 会议 from the same person this soon after the first is a retry, not a new meeting. */
export const RETRY_WINDOW_MIN = 10;
/** How long a held-back meeting waits for 确认安排. */
export const MEETING_DRAFT_CONFIRM_MINUTES = 30;

export type Duplicate =
  /** The same sender sent the same meeting again within RETRY_WINDOW_MIN: this is the one it made. */
  | { kind: 'retry'; meeting: Meeting }
  /** Another meeting of the same type and unit close to it, or a monthly series on the same day. */
  | { kind: 'clash'; meeting: Meeting };

type Rule = { day: number; hour: number; minute: number };

/** Whether `m` is what `input` would create, scheduled by the same person since `since` (epoch ms). */
function sameMeeting(m: Meeting, input: ScheduleInput, series: Rule | null, since: number) {
  const r = input.repeat;
  return (
    m.createdAt >= since &&
    m.createdByIdentity === actorIdentity(input.createdBy) &&
    m.startsAt === input.startsAt.getTime() &&
    m.endsAt === (input.endsAt?.getTime() ?? null) &&
    m.title === input.title &&
    m.place === input.place &&
    m.hostMemberId === input.hostMemberId &&
    m.recorderMemberId === input.recorderMemberId &&
    m.speakerMemberId === input.speakerMemberId &&
    (m.codeSecret !== null) === input.requireCode &&
    (r === null
      ? m.seriesId === null
      : series !== null && series.day === r.day && series.hour === r.hour && series.minute === r.minute)
  );
}

/**
 * The scheduled meeting `input` repeats, if any: a retry (checked first) or a clash with a meeting
 * of the same type and unit within DUPLICATE_WINDOW_MIN, or with a monthly series of the same type
 * and unit on the same day of the month (its latest occurrence stands for it).
 */
export async function findDuplicate(db: Db, input: ScheduleInput, now: Date): Promise<Duplicate | null> {
  const start = input.startsAt.getTime();
  const near = await db
    .select()
    .from(meetings)
    .where(
      and(
        eq(meetings.unitId, input.unitId),
        eq(meetings.type, input.type),
        eq(meetings.status, 'scheduled'),
        gte(meetings.startsAt, start - DUPLICATE_WINDOW_MIN * 60_000),
        lte(meetings.startsAt, start + DUPLICATE_WINDOW_MIN * 60_000),
      ),
    )
    .orderBy(meetings.id);
  const rules = await db
    .select()
    .from(meetingSeries)
    .where(
      and(eq(meetingSeries.unitId, input.unitId), eq(meetingSeries.type, input.type), eq(meetingSeries.active, true)),
    );
  const ruleOf = new Map(rules.map((s) => [s.id, s]));
  const since = now.getTime() - RETRY_WINDOW_MIN * 60_000;
  const retry = near.find((m) => sameMeeting(m, input, (m.seriesId && ruleOf.get(m.seriesId)) || null, since));
  if (retry) return { kind: 'retry', meeting: retry };
  if (near[0]) return { kind: 'clash', meeting: near[0] };
  const day = input.repeat?.day;
  for (const s of rules) {
    if (s.day !== day) continue;
    const [latest] = await db
      .select()
      .from(meetings)
      .where(eq(meetings.seriesId, s.id))
      .orderBy(desc(meetings.startsAt))
      .limit(1);
    if (latest) return { kind: 'clash', meeting: latest };
  }
  return null;
}

/** The JSON a draft keeps: the input with its times as epoch ms, and what the command's answer needs. */
interface StoredDraft {
  input: Omit<ScheduleInput, 'startsAt' | 'endsAt'> & { startsAt: number; endsAt: number | null };
  note: unknown;
}

/** Holds `input` back until its 确认安排 (replacing the actor's earlier draft). `note` is the command's own. */
export function saveMeetingDraft(
  work: Work,
  actor: ActorRef,
  input: ScheduleInput,
  duplicateOf: number,
  note: unknown,
) {
  const stored: StoredDraft = {
    input: { ...input, startsAt: input.startsAt.getTime(), endsAt: input.endsAt?.getTime() ?? null },
    note,
  };
  const values = { input: JSON.stringify(stored), duplicateOf, createdAt: work.now.getTime() };
  work.write(
    work.db
      .insert(meetingDrafts)
      .values({ platform: actor.platform, userId: actor.userId, ...values })
      .onConflictDoUpdate({ target: [meetingDrafts.platform, meetingDrafts.userId], set: values }),
  );
}

/** 确认安排: takes (and removes) the actor's held-back meeting; none, or one too old, is refused. */
export async function takeMeetingDraft(
  work: Work,
  actor: Pick<ActorRef, 'platform' | 'userId'>,
): Promise<{ input: ScheduleInput; note: unknown; duplicateOf: number }> {
  const who = and(eq(meetingDrafts.platform, actor.platform), eq(meetingDrafts.userId, actor.userId));
  const [draft] = await work.db.select().from(meetingDrafts).where(who).limit(1);
  if (!draft) throw meetingsError('meeting.no_draft', {});
  work.write(work.db.delete(meetingDrafts).where(who));
  const { input, note } = JSON.parse(draft.input) as StoredDraft;
  const now = work.now.getTime();
  if (draft.createdAt + MEETING_DRAFT_CONFIRM_MINUTES * 60_000 < now || input.startsAt <= now) {
    throw meetingsError('meeting.draft_expired', { minutes: MEETING_DRAFT_CONFIRM_MINUTES });
  }
  const startsAt = new Date(input.startsAt);
  const endsAt = input.endsAt === null ? null : new Date(input.endsAt);
  return { input: { ...input, startsAt, endsAt }, note, duplicateOf: draft.duplicateOf };
}
