import { and, desc, eq, inArray, max } from 'drizzle-orm';
import { actorIdentity, type ActorRef } from '../../contracts/identity.js';
import type { Db } from '../../contracts/store.js';
import type { Work } from '../../contracts/work.js';
import { minutes, minutesConfirmations, minutesDrafts } from '../../db/schema.js';
import type { Sender } from '../org/identity.js';
import type { Meeting } from '../meetings/meetings.js';
import { zoneOf } from '../meetings/scope.js';
import type { UnitTree } from '../org/units.js';
import { recordsError } from './errors.js';

/** Longest minutes of one meeting, in characters (several messages together). */
export const MINUTES_MAX_CHARS = 20_000;

export type MinutesVersion = typeof minutes.$inferSelect;
export type MinutesDraft = typeof minutesDrafts.$inferSelect;
export type Confirmation = typeof minutesConfirmations.$inferSelect;

/** A meeting's minutes as they stand: the latest version, a draft being written, the confirmation. */
export interface MinutesState {
  current: MinutesVersion | null;
  draft: MinutesDraft | null;
  /** The 主持人's confirmation of the current version (an older version's does not count). */
  confirmation: Confirmation | null;
}

export async function loadMinutes(db: Db, meetingId: number): Promise<MinutesState> {
  const [versions, drafts] = await Promise.all([
    db.select().from(minutes).where(eq(minutes.meetingId, meetingId)).orderBy(desc(minutes.version)).limit(1),
    db.select().from(minutesDrafts).where(eq(minutesDrafts.meetingId, meetingId)).limit(1),
  ]);
  const current = versions[0] ?? null;
  const confirmed = current
    ? await db
        .select()
        .from(minutesConfirmations)
        .where(and(eq(minutesConfirmations.meetingId, meetingId), eq(minutesConfirmations.version, current.version)))
        .limit(1)
    : [];
  return { current, draft: drafts[0] ?? null, confirmation: confirmed[0] ?? null };
}

/**
 * Adds one message to the meeting's draft (creating it on the first), so what was sent is stored
 * at once. `mode` applies when the draft is created: 'append' adds to the current version,
 * 'rewrite' replaces it. Returns the draft's text so far.
 */
export function addToDraft(
  work: Work,
  state: MinutesState,
  m: Pick<Meeting, 'id'>,
  actor: ActorRef,
  text: string,
  mode: MinutesDraft['mode'],
): string {
  const body = state.draft ? `${state.draft.body}\n${text}` : text;
  const base = state.draft?.mode === 'rewrite' || (!state.draft && mode === 'rewrite') ? '' : state.current?.body;
  if ((base ? base.length + 1 : 0) + body.length > MINUTES_MAX_CHARS) {
    throw recordsError('records.minutes_too_long', { id: m.id, max: MINUTES_MAX_CHARS });
  }
  const row = {
    body,
    authorMemberId: actor.memberId,
    authorIdentity: actorIdentity(actor),
    updatedAt: work.now.getTime(),
  };
  if (state.draft) {
    work.write(work.db.update(minutesDrafts).set(row).where(eq(minutesDrafts.meetingId, m.id)));
  } else {
    const baseVersion = state.current?.version ?? 0;
    work.write(work.db.insert(minutesDrafts).values({ meetingId: m.id, baseVersion, mode, ...row }));
  }
  return body;
}

/** Drops the draft (纪要 … 重写 starts afresh). */
export function dropDraft(work: Work, meetingId: number): void {
  work.write(work.db.delete(minutesDrafts).where(eq(minutesDrafts.meetingId, meetingId)));
}

/**
 * Turns the draft into the next version (the earlier ones stay): appended to the latest version's
 * text, or replacing it. Two people finishing at once conflict on the version's key and the
 * second is re-run against the first's version.
 */
export function finishDraft(work: Work, state: MinutesState, m: Pick<Meeting, 'id'>, actor: ActorRef): MinutesVersion {
  const draft = state.draft;
  if (!draft || !draft.body.trim()) throw recordsError('records.draft_empty', { id: m.id });
  const base = draft.mode === 'append' ? state.current?.body : undefined;
  const version: MinutesVersion = {
    meetingId: m.id,
    version: (state.current?.version ?? 0) + 1,
    body: base ? `${base}\n${draft.body}` : draft.body,
    authorMemberId: actor.memberId,
    authorIdentity: actorIdentity(actor),
    createdAt: work.now.getTime(),
  };
  work.write(work.db.insert(minutes).values(version));
  dropDraft(work, m.id);
  return version;
}

/**
 * The 主持人 confirms the current version: only the member named as the meeting's 主持人, and each
 * version once. A later version needs its own confirmation.
 */
export function confirmMinutes(
  work: Work,
  tree: UnitTree,
  state: MinutesState,
  m: Meeting,
  sender: Sender,
  hostName: string | null,
): Confirmation {
  if (!m.hostMemberId) throw recordsError('records.no_host', { id: m.id });
  if (!sender.member || sender.member.id !== m.hostMemberId) {
    throw recordsError('records.not_host', { id: m.id, host: hostName ?? '' });
  }
  if (!state.current) throw recordsError('records.no_minutes', { id: m.id });
  if (state.confirmation) {
    const { version, at } = state.confirmation;
    throw recordsError('records.already_confirmed', { id: m.id, version, at, zone: zoneOf(tree, m.unitId) });
  }
  const row: Confirmation = {
    meetingId: m.id,
    version: state.current.version,
    memberId: sender.member.id,
    identity: actorIdentity(sender),
    at: work.now.getTime(),
  };
  work.write(work.db.insert(minutesConfirmations).values(row));
  return row;
}

/** Per meeting: the latest version's number, and whether that version is confirmed. */
export async function minutesStatus(
  db: Db,
  meetingIds: readonly number[],
): Promise<Map<number, { version: number; confirmed: boolean }>> {
  const out = new Map<number, { version: number; confirmed: boolean }>();
  if (meetingIds.length === 0) return out;
  const ids = [...meetingIds];
  const [latest, confirmed] = await Promise.all([
    db
      .select({ meetingId: minutes.meetingId, version: max(minutes.version) })
      .from(minutes)
      .where(inArray(minutes.meetingId, ids))
      .groupBy(minutes.meetingId),
    db
      .select({ meetingId: minutesConfirmations.meetingId, version: minutesConfirmations.version })
      .from(minutesConfirmations)
      .where(inArray(minutesConfirmations.meetingId, ids)),
  ]);
  const signed = new Set(confirmed.map((c) => `${c.meetingId}:${c.version}`));
  for (const r of latest) {
    const version = r.version ?? 0;
    out.set(r.meetingId, { version, confirmed: signed.has(`${r.meetingId}:${version}`) });
  }
  return out;
}
