import { and, desc, eq, inArray, max } from 'drizzle-orm';
import { identities, noticeAcks, noticeChases, notices, noticeTargets } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { enqueue, type OutboxMessage } from '../../outbox/enqueue.js';
import { CommandError } from '../../command/errors.js';
import type { Mention } from '../../contracts/message.js';
import { canManage, type MemberRecord, type Sender } from '../org/identity.js';
import {
  acksOf,
  boundChats,
  expectedMembers,
  isPublished,
  latestPublished,
  nextNoticeId,
  noticeById,
  noticeForOfficer,
  reachOf,
  targetsOf,
  type Notice,
  type Reach,
} from './audience.js';
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

const senderKey = (s: Sender) => `${s.platform}:${s.userId}`;

/** The title a card shows: the first line of a multi-line notice, when it is short. */
export function noticeTitle(body: string): string | null {
  const [first, ...rest] = body.split('\n');
  const t = (first ?? '').trim();
  return rest.some((l) => l.trim()) && t.length > 0 && t.length <= MAX_NOTICE_TITLE_CHARS ? t : null;
}

/** Saves a draft for `targets` and counts whom it would reach. */
export async function draftNotice(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  input: { body: string; targets: Unit[]; issuingUnit: Unit; scheduledAt: Date | null },
): Promise<{ notice: Notice; reach: Reach }> {
  for (const u of input.targets) {
    if (!canManage(actor, tree, u.id)) throw new CommandError(`你只能向本组织及下级组织发通知，「${u.name}」不在其中。`);
  }
  if (input.scheduledAt && input.scheduledAt <= work.now) throw new CommandError('发送时间已过，请写一个将来的时间。');
  const notice: Notice = {
    id: await nextNoticeId(work.db),
    unitId: input.issuingUnit.id,
    title: noticeTitle(input.body),
    body: input.body,
    status: 'draft',
    createdByMember: actor.member?.id ?? null,
    createdBy: senderKey(actor),
    createdByName: actor.name,
    createdAt: work.now.getTime(),
    scheduledAt: input.scheduledAt?.getTime() ?? null,
    sentAt: null,
    publishAt: null,
  };
  work.write(
    work.db.insert(notices).values(notice),
    work.db.insert(noticeTargets).values(input.targets.map((u) => ({ noticeId: notice.id, unitId: u.id }))),
  );
  return { notice, reach: await reachOf(work.db, input.targets.map((u) => u.id), notice.createdByMember) };
}

/** The text a notice is delivered with (the Lark card renders the payload instead). */
export function noticeText(n: Notice, issuingUnitName: string): string {
  return `【通知 #${n.id}】\n${n.body}\n—— ${issuingUnitName} ${n.createdByName}\n请回复「收到 ${n.id}」确认。`;
}

/**
 * Sends the actor's last draft: one outbox row per bound chat of its target units, not before
 * its scheduled time, in the same batch as marking it sent.
 */
export async function sendLastDraft(work: Work, tree: UnitTree, actor: Sender): Promise<{ notice: Notice; reach: Reach; units: Unit[] }> {
  const [draft] = await work.db
    .select()
    .from(notices)
    .where(and(eq(notices.createdBy, senderKey(actor)), eq(notices.status, 'draft')))
    .orderBy(desc(notices.id))
    .limit(1);
  if (!draft) throw new CommandError('没有待发送的通知草稿，请先发送：通知 <内容>');
  const now = work.now.getTime();
  if (draft.createdAt < now - NOTICE_DRAFT_TTL_HOURS * 3_600_000) {
    throw new CommandError(`草稿 #${draft.id} 已超过 ${NOTICE_DRAFT_TTL_HOURS} 小时，请重新发送「通知」。`);
  }
  if (draft.scheduledAt !== null && draft.scheduledAt <= now) throw new CommandError(`草稿 #${draft.id} 的发送时间已过，请重新发送「通知」。`);
  const unitIds = await targetsOf(work.db, draft.id);
  const units = unitIds.map((id) => tree.get(id)).filter((u): u is Unit => !!u);
  for (const u of units) if (!canManage(actor, tree, u.id)) throw new CommandError(`你无权向「${u.name}」发通知。`);
  const reach = await reachOf(work.db, unitIds, draft.createdByMember);
  if (reach.chats.length === 0) throw new CommandError('目标组织还没有绑定群，通知无处可发。请先在群里发送「绑定 <组织>」。');

  const publishAt = draft.scheduledAt ?? now;
  const notice: Notice = { ...draft, status: 'sent', sentAt: now, publishAt };
  work.write(work.db.update(notices).set({ status: 'sent', sentAt: now, publishAt }).where(and(eq(notices.id, draft.id), eq(notices.status, 'draft'))));
  const text = noticeText(notice, tree.get(notice.unitId)?.name ?? '');
  const payload = { noticeId: notice.id, ...(notice.title ? { title: notice.title } : {}) };
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
export async function noticeConfirmations(noticeId: string, db: Db): Promise<{ confirmed: number; total: number } | null> {
  const id = Number(noticeId);
  const notice = Number.isSafeInteger(id) ? await noticeById(db, id) : null;
  if (!notice || notice.status !== 'sent') return null;
  const expected = await expectedMembers(db, await targetsOf(db, id), notice);
  const acks = await acksOf(db, id);
  return { confirmed: expected.filter((m) => acks.has(m.id)).length, total: expected.length };
}

export type AckResult = { notice: Notice; already: false; position: number } | { notice: Notice; already: true; at: number };

/** Confirms the latest notice of the member's unit, or notice `id`; a repeat changes nothing. */
export async function ackNotice(work: Work, member: MemberRecord, id: number | undefined, via: { platform: string; userId: string }): Promise<AckResult | null> {
  if (!member.unitId) throw new CommandError('你还没有所属组织。');
  let notice: Notice | null;
  if (id === undefined) {
    notice = await latestPublished(work.db, [member.unitId], work.now);
    if (!notice) return null;
  } else {
    notice = await noticeById(work.db, id);
    if (!notice || !isPublished(notice, work.now)) throw new CommandError(`找不到已发布的通知 #${id}。`);
    if (!(await targetsOf(work.db, id)).includes(member.unitId)) throw new CommandError(`通知 #${id} 不是发给你所在组织的。`);
  }
  const acks = await acksOf(work.db, notice.id);
  const at = acks.get(member.id);
  if (at !== undefined) return { notice, already: true, at };
  work.write(
    work.db
      .insert(noticeAcks)
      .values({ noticeId: notice.id, memberId: member.id, at: work.now.getTime(), platform: via.platform, userId: via.userId })
      .onConflictDoNothing(),
  );
  return { notice, already: false, position: acks.size + 1 };
}

/** Per target unit (that the actor manages): who has not confirmed. */
export interface UnreadReport {
  notice: Notice;
  confirmed: number;
  expected: number;
  units: { unit: Unit; expected: number; pending: MemberRecord[] }[];
}

export async function unreadReport(db: Db, tree: UnitTree, actor: Sender, id: number | undefined, now: Date): Promise<UnreadReport> {
  const { notice, units } = await noticeForOfficer(db, tree, actor, id, now);
  const expected = await expectedMembers(db, units.map((u) => u.id), notice);
  const acks = await acksOf(db, notice.id);
  const out = units.map((unit) => {
    const mine = expected.filter((m) => m.unitId === unit.id);
    return { unit, expected: mine.length, pending: mine.filter((m) => !acks.has(m.id)) };
  });
  const pending = out.reduce((n, u) => n + u.pending.length, 0);
  return { notice, expected: expected.length, confirmed: expected.length - pending, units: out };
}

/**
 * Enqueues a reminder to every bound chat of the notice's units (that the actor manages) that
 * still has unconfirmed members: mentioning those with an account on the chat's platform and
 * naming the others.
 */
export async function chaseNotice(work: Work, tree: UnitTree, actor: Sender, id: number | undefined): Promise<{ report: UnreadReport; chats: number }> {
  const report = await unreadReport(work.db, tree, actor, id, work.now);
  const { notice } = report;
  const pendingByUnit = new Map(report.units.map((u) => [u.unit.id, u.pending]));
  const all = report.units.flatMap((u) => u.pending);
  if (all.length === 0) return { report, chats: 0 };
  const chats = (await boundChats(work.db, [...pendingByUnit.keys()])).filter((c) => (pendingByUnit.get(c.unitId) ?? []).length > 0);
  const accounts = await work.db
    .select({ platform: identities.platform, userId: identities.userId, memberId: identities.memberId })
    .from(identities)
    .where(inArray(identities.memberId, all.map((m) => m.id)));
  const [last] = await work.db.select({ n: max(noticeChases.seq) }).from(noticeChases).where(eq(noticeChases.noticeId, notice.id));
  const seq = (last?.n ?? 0) + 1;
  const messages: OutboxMessage[] = chats.map((c) => {
    const pending = pendingByUnit.get(c.unitId) ?? [];
    const mentions: Mention[] = [];
    const unreachable: string[] = [];
    for (const m of pending) {
      const acct = accounts.find((a) => a.memberId === m.id && a.platform === c.platform);
      if (acct) mentions.push({ id: acct.userId, name: m.name });
      else unreachable.push(m.name);
    }
    const title = notice.title ? `「${notice.title}」` : '';
    const lines = [`【催办】通知 #${notice.id}${title}还有 ${pending.length} 人未确认，请尽快回复「收到 ${notice.id}」。`];
    if (unreachable.length) lines.push(`${mentions.length ? '另有' : ''}未确认：${unreachable.join('、')}`);
    return {
      platform: c.platform,
      chatId: c.chatId,
      kind: NOTICE_CHASE_KIND,
      ref: `${notice.id}.${seq}`,
      text: lines.join('\n'),
      mentions,
      payload: { noticeId: notice.id, ...(notice.title ? { title: notice.title } : {}) },
      unitId: c.unitId,
    };
  });
  if (messages.length === 0) return { report, chats: 0 };
  work.write(work.db.insert(noticeChases).values({ noticeId: notice.id, seq, at: work.now.getTime(), by: senderKey(actor), pending: all.length }));
  enqueue(work, messages);
  return { report, chats: messages.length };
}
