import { and, eq } from 'drizzle-orm';
import { noticeAcks, notices, noticeTargets } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { actorIdentity } from '../../contracts/identity.js';
import { DEFAULT_TIME_ZONE } from '../../contracts/time.js';
import { enqueue } from '../../outbox/enqueue.js';
import type { MemberRecord, Sender } from '../org/identity.js';
import {
  ackCount,
  ackOf,
  confirmationCount,
  isPublished,
  lastDraftOf,
  latestPublished,
  nextNoticeId,
  noticeById,
  reachOf,
  targetsOf,
  type Notice,
  type Reach,
} from './audience.js';
import { noticeError } from './errors.js';
import { unitOutOfScope } from './scope.js';
import type { NoticeTexts } from './texts.js';
import type { Unit, UnitTree } from '../org/units.js';
import type { Work } from '../../contracts/work.js';

/** A draft older than this cannot be sent with 确认发送 (it must be drafted again). */
export const NOTICE_DRAFT_TTL_HOURS = 24;
export const MAX_NOTICE_CHARS = 2000;
/** A first line up to this long, followed by more lines, becomes the notice's title. */
export const MAX_NOTICE_TITLE_CHARS = 30;
/** Outbox kinds of notices and of their chases. */
export const NOTICE_KIND = 'notice';
export const NOTICE_CHASE_KIND = 'notice.chase';
/** Outbox kind of an escalation (Feishu 加急): the deliverer presses people about a delivered message. */
export const NOTICE_ESCALATE_KIND = 'notice.escalate';

/** The title a card shows: the first line of a multi-line notice, when it is short. */
export function noticeTitle(body: string): string | null {
  const [first, ...rest] = body.split('\n');
  const t = (first ?? '').trim();
  return rest.some((l) => l.trim()) && t.length > 0 && t.length <= MAX_NOTICE_TITLE_CHARS ? t : null;
}

/** What a notice's outbox rows carry besides their text (the Lark card is built from it). */
export function noticePayload(n: Pick<Notice, 'id' | 'title'>): { noticeId: number; title?: string } {
  return { noticeId: n.id, ...(n.title ? { title: n.title } : {}) };
}

/** Saves a draft for `targets` and counts whom it would reach. */
export async function draftNotice(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  input: { body: string; targets: Unit[]; issuingUnit: Unit; scheduledAt: Date | null; deadlineAt?: Date | null },
): Promise<{ notice: Notice; reach: Reach }> {
  const outside = unitOutOfScope(actor, tree, input.targets);
  if (outside) throw noticeError('notice.draft_out_of_scope', { unitId: outside.id, unitName: outside.name });
  if (input.scheduledAt && input.scheduledAt <= work.now) {
    throw noticeError('notice.time_passed', { at: input.scheduledAt.getTime() });
  }
  const sendAt = input.scheduledAt ?? work.now;
  if (input.deadlineAt && input.deadlineAt <= sendAt) {
    const { timeZone } = input.issuingUnit;
    throw noticeError('notice.deadline_before_send', {
      deadlineAt: input.deadlineAt.getTime(),
      sendAt: sendAt.getTime(),
      timeZone,
    });
  }
  const identity = actorIdentity(actor);
  const notice: Notice = {
    id: await nextNoticeId(work.db),
    unitId: input.issuingUnit.id,
    title: noticeTitle(input.body),
    body: input.body,
    status: 'draft',
    createdByMemberId: actor.member?.id ?? null,
    createdByIdentity: identity,
    createdByName: actor.name,
    createdAt: work.now.getTime(),
    scheduledAt: input.scheduledAt?.getTime() ?? null,
    sentAt: null,
    publishAt: null,
    deadlineAt: input.deadlineAt?.getTime() ?? null,
    withdrawnAt: null,
    withdrawnByMemberId: null,
    withdrawnByIdentity: null,
  };
  work.write(
    work.db.insert(notices).values(notice),
    work.db.insert(noticeTargets).values(input.targets.map((u) => ({ noticeId: notice.id, unitId: u.id }))),
  );
  return {
    notice,
    reach: await reachOf(
      work.db,
      input.targets.map((u) => u.id),
      notice.createdByMemberId,
    ),
  };
}

/**
 * Sends the actor's last draft: one outbox row per bound chat of its target units, not before
 * its scheduled time, in the same batch as marking it sent.
 */
export async function sendLastDraft(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  texts: NoticeTexts,
): Promise<{ notice: Notice; reach: Reach; units: Unit[] }> {
  const draft = await lastDraftOf(work.db, actor);
  if (!draft) throw noticeError('notice.no_draft', {});
  const now = work.now.getTime();
  if (draft.createdAt < now - NOTICE_DRAFT_TTL_HOURS * 3_600_000) {
    throw noticeError('notice.draft_expired', { id: draft.id, ttlHours: NOTICE_DRAFT_TTL_HOURS });
  }
  if (draft.scheduledAt !== null && draft.scheduledAt <= now) {
    throw noticeError('notice.draft_time_passed', { id: draft.id, at: draft.scheduledAt });
  }
  if (draft.deadlineAt !== null && draft.deadlineAt <= (draft.scheduledAt ?? now)) {
    throw noticeError('notice.draft_deadline_passed', { id: draft.id, at: draft.deadlineAt });
  }
  const unitIds = await targetsOf(work.db, draft.id);
  const units = unitIds.map((id) => tree.get(id)).filter((u): u is Unit => !!u);
  const outside = unitOutOfScope(actor, tree, units);
  if (outside) {
    throw noticeError('notice.send_out_of_scope', { id: draft.id, unitId: outside.id, unitName: outside.name });
  }
  const reach = await reachOf(work.db, unitIds, draft.createdByMemberId);
  if (reach.chats.length === 0) throw noticeError('notice.no_bound_chats', { id: draft.id });

  const publishAt = draft.scheduledAt ?? now;
  const notice: Notice = { ...draft, status: 'sent', sentAt: now, publishAt };
  work.write(
    work.db
      .update(notices)
      .set({ status: 'sent', sentAt: now, publishAt })
      .where(and(eq(notices.id, draft.id), eq(notices.status, 'draft'))),
  );
  const issuing = tree.get(notice.unitId);
  const text = texts.notice({
    id: notice.id,
    body: notice.body,
    issuingUnitName: issuing?.name ?? '',
    senderName: notice.createdByName,
    ...(notice.deadlineAt !== null
      ? { deadline: { at: notice.deadlineAt, timeZone: issuing?.timeZone ?? DEFAULT_TIME_ZONE } }
      : {}),
  });
  const payload = noticePayload(notice);
  enqueue(
    work,
    reach.chats.map((c) => ({
      platform: c.platform,
      chatId: c.chatId,
      kind: NOTICE_KIND,
      ref: String(notice.id),
      text,
      payload,
      notBefore: new Date(publishAt),
      unitId: c.unitId,
    })),
  );
  return { notice, reach, units };
}

/**
 * How many of those a notice expects have confirmed it, for a Lark card's count (the adapter's
 * ConfirmationsHook); null when there is no such sent notice.
 */
export async function noticeConfirmations(
  noticeId: string,
  db: Db,
): Promise<{ confirmed: number; total: number } | null> {
  const id = Number(noticeId);
  const notice = Number.isSafeInteger(id) ? await noticeById(db, id) : null;
  if (!notice || notice.status !== 'sent') return null;
  return confirmationCount(db, await targetsOf(db, id), notice);
}

export type AckResult =
  { notice: Notice; already: false; position: number } | { notice: Notice; already: true; at: number };

/** Confirms the latest notice of the member's unit, or notice `id`; a repeat changes nothing. */
export async function ackNotice(
  work: Work,
  member: MemberRecord,
  id: number | undefined,
  via: { platform: string; userId: string },
): Promise<AckResult | null> {
  if (!member.unitId) throw noticeError('notice.no_unit', {});
  let notice: Notice | null;
  if (id === undefined) {
    notice = await latestPublished(work.db, [member.unitId], work.now);
    if (!notice) return null;
  } else {
    notice = await noticeById(work.db, id);
    if (!notice || !isPublished(notice, work.now)) throw noticeError('notice.not_published', { id });
    if (!(await targetsOf(work.db, id)).includes(member.unitId)) {
      throw noticeError('notice.not_addressed', { id, unitId: member.unitId });
    }
  }
  if (notice.withdrawnAt !== null) throw noticeError('notice.withdrawn', { id: notice.id, at: notice.withdrawnAt });
  const at = await ackOf(work.db, notice.id, member.id);
  if (at !== null) return { notice, already: true, at };
  const before = await ackCount(work.db, notice.id);
  work.write(
    work.db
      .insert(noticeAcks)
      .values({
        noticeId: notice.id,
        memberId: member.id,
        at: work.now.getTime(),
        platform: via.platform,
        userId: via.userId,
      })
      .onConflictDoNothing(),
  );
  return { notice, already: false, position: before + 1 };
}

/**
 * How long after it reaches a chat a notice counts as open there for a bare reply such as 「1」
 * (「收到请回复1」); later, 「1」 is just a number again.
 */
export const NOTICE_OPEN_FOR_REPLY_HOURS = 72;

/**
 * Confirms the notice open in a chat bound to `chatUnitId` for `member`: the latest one that
 * reached that unit's chats within NOTICE_OPEN_FOR_REPLY_HOURS and is addressed to the member's
 * unit. Null when there is none, or when the member had already confirmed it: a bare 「1」 then
 * means nothing, and is answered with nothing.
 */
export async function ackOpenNotice(
  work: Work,
  member: MemberRecord,
  chatUnitId: string,
  via: { platform: string; userId: string },
): Promise<Extract<AckResult, { already: false }> | null> {
  if (!member.unitId) return null;
  const notice = await latestPublished(work.db, [chatUnitId], work.now);
  const since = work.now.getTime() - NOTICE_OPEN_FOR_REPLY_HOURS * 3_600_000;
  if (!notice || (notice.publishAt ?? 0) < since) return null;
  if (notice.withdrawnAt !== null || !(await targetsOf(work.db, notice.id)).includes(member.unitId)) return null;
  const r = await ackNotice(work, member, notice.id, via);
  return r && !r.already ? r : null;
}
