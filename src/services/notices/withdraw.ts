import { and, eq, inArray } from 'drizzle-orm';
import { notices, outbox } from '../../db/schema.js';
import type { PlatformCapabilities } from '../../contracts/adapter.js';
import { actorIdentity } from '../../contracts/identity.js';
import type { Work } from '../../contracts/work.js';
import { enqueue, type OutboxMessage } from '../../outbox/enqueue.js';
import { canManage, type Sender } from '../org/identity.js';
import type { UnitTree } from '../org/units.js';
import { noticeById, type Notice } from './audience.js';
import { noticeError } from './errors.js';
import { NOTICE_KIND, noticePayload } from './notices.js';
import { noticeMessages, noticeRefs } from './reads.js';
import { isSender } from './scope.js';
import type { NoticeTexts } from './texts.js';

// 撤回通知 N: the notice stops (收到, 未读 and 催办 answer that it was withdrawn), what has not gone
// out yet stays unsent, and what was delivered is recalled where the platform can (Outbound.recall),
// else a short 「通知 #N 已撤回」 goes to the chats it reached.

export const NOTICE_RECALL_KIND = 'notice.recall';
export const NOTICE_WITHDRAWN_KIND = 'notice.withdrawn';
/** Kinds of a notice's rows that are dropped while still unsent. */
const UNSENT_KINDS = ['notice', 'notice.chase', 'notice.escalate'];

export interface WithdrawResult {
  notice: Notice;
  /** Delivered messages to be recalled. */
  recalled: number;
  /** Chats told 「已撤回」 where recall is not possible. */
  announced: number;
  /** Rows dropped before they went out. */
  dropped: number;
}

/** Throws notice.withdrawn when the notice was withdrawn. */
export function standing(n: Notice): Notice {
  if (n.withdrawnAt !== null) throw noticeError('notice.withdrawn', { id: n.id, at: n.withdrawnAt });
  return n;
}

export async function withdrawNotice(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  id: number,
  texts: NoticeTexts,
  platforms: ReadonlyMap<string, PlatformCapabilities>,
): Promise<WithdrawResult> {
  const found = await noticeById(work.db, id);
  if (!found || found.status !== 'sent') throw noticeError('notice.not_sent', { id });
  const notice = standing(found);
  if (!isSender(actor, notice) && !canManage(actor, tree, notice.unitId)) {
    throw noticeError('notice.withdraw_denied', { id, unitName: tree.get(notice.unitId)?.name ?? '' });
  }
  const now = work.now.getTime();
  work.write(
    work.db
      .update(notices)
      .set({
        withdrawnAt: now,
        withdrawnByMemberId: actor.member?.id ?? null,
        withdrawnByIdentity: actorIdentity(actor),
      })
      .where(eq(notices.id, id)),
  );
  const refs = and(inArray(outbox.kind, UNSENT_KINDS), noticeRefs(id));
  const unsent = await work.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(refs, eq(outbox.status, 'pending')));
  if (unsent.length) {
    const ids = unsent.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 5000)
      work.write(
        work.db.delete(outbox).where(and(inArray(outbox.id, ids.slice(i, i + 5000)), eq(outbox.status, 'pending'))),
      );
  }
  const text = texts.withdrawn({ id, title: notice.title });
  const payload = noticePayload(notice);
  const rows: OutboxMessage[] = [];
  const delivered = await noticeMessages(work.db, id);
  const recallable = new Set<number>();
  for (const m of delivered) {
    if (!platforms.get(m.platform)?.recall) continue;
    recallable.add(m.outboxId);
    rows.push({
      platform: m.platform,
      chatId: m.chatId,
      direct: m.direct,
      kind: NOTICE_RECALL_KIND,
      ref: `${id}.${m.outboxId}`,
      text,
      payload: { ...payload, recall: { platformMessageId: m.platformMessageId } },
      unitId: m.unitId,
    });
  }
  // The chats the notice reached where it cannot be recalled: told in one short line.
  const sent = await work.db
    .select({ id: outbox.id, platform: outbox.platform, chatId: outbox.chatId, unitId: outbox.unitId })
    .from(outbox)
    .where(and(eq(outbox.kind, NOTICE_KIND), eq(outbox.ref, String(id)), inArray(outbox.status, ['sent', 'sending'])));
  let announced = 0;
  for (const c of sent) {
    if (recallable.has(c.id)) continue;
    announced++;
    rows.push({
      platform: c.platform,
      chatId: c.chatId,
      kind: NOTICE_WITHDRAWN_KIND,
      ref: String(id),
      text,
      unitId: c.unitId,
    });
  }
  enqueue(work, rows);
  return { notice: { ...notice, withdrawnAt: now }, recalled: recallable.size, announced, dropped: unsent.length };
}
