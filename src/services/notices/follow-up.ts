import { eq, max } from 'drizzle-orm';
import { noticeChases } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { actorIdentity } from '../../contracts/identity.js';
import type { PlatformCapabilities, ReadReceipts } from '../../contracts/adapter.js';
import type { Logger } from '../../contracts/log.js';
import { refreshReads } from './reads.js';
import { accountsOf, classify, type UnitReceipts } from './report.js';
import type { Work } from '../../contracts/work.js';
import { enqueue, type OutboxMessage } from '../../outbox/enqueue.js';
import type { MemberRecord, Sender } from '../org/identity.js';
import type { Unit, UnitTree } from '../org/units.js';
import { acksOf, boundChats, expectedMembers, noticeForOfficer, type Notice } from './audience.js';
import { NOTICE_CHASE_KIND, noticePayload } from './notices.js';
import { chaseParts } from './chase-parts.js';
import type { NoticeTexts } from './texts.js';

// Following a notice up: who has not confirmed (未读) and the reminder to them (催办).

/** Per target unit (that the actor manages): who has not confirmed. */
export interface UnreadReport {
  notice: Notice;
  confirmed: number;
  expected: number;
  units: { unit: Unit; expected: number; pending: MemberRecord[] }[];
}

export async function unreadReport(
  db: Db,
  tree: UnitTree,
  actor: Sender,
  id: number | undefined,
  now: Date,
): Promise<UnreadReport> {
  const { notice, units } = await noticeForOfficer(db, tree, actor, id, now);
  const expected = await expectedMembers(
    db,
    units.map((u) => u.id),
    notice,
  );
  const acks = await acksOf(db, notice.id);
  const out = units.map((unit) => {
    const mine = expected.filter((m) => m.unitId === unit.id);
    return { unit, expected: mine.length, pending: mine.filter((m) => !acks.has(m.id)) };
  });
  const pending = out.reduce((n, u) => n + u.pending.length, 0);
  return { notice, expected: expected.length, confirmed: expected.length - pending, units: out };
}

/** 未读's report: per unit, who confirmed, read, did not read, cannot be reached. */
export interface ReceiptsReport {
  notice: Notice;
  confirmed: number;
  expected: number;
  units: UnitReceipts[];
}

/**
 * 未读: asks the platforms who read the notice's messages (refreshReads: at most once per
 * NOTICE_READS_REFRESH_MS per message) and sorts the unconfirmed of each unit the actor follows.
 */
export async function receiptsReport(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  id: number | undefined,
  deps: {
    platforms: ReadonlyMap<string, PlatformCapabilities>;
    receipts?: ReadonlyMap<string, ReadReceipts>;
    log?: Logger;
  },
): Promise<ReceiptsReport> {
  const r = await unreadReport(work.db, tree, actor, id, work.now);
  const readers = await refreshReads(work, r.notice.id, deps.receipts, deps.log);
  const units = await classify(work.db, r.notice.id, r.units, readers, deps.platforms);
  return { ...r, units };
}

/**
 * Enqueues a reminder to every bound chat of the notice's units (that the actor manages) that
 * still has unconfirmed members: mentioning those with an account on the chat's platform (at most
 * its maxMentions) and naming the others, split into as many messages as its size limit needs
 * (chase-parts.ts). `chats` counts chats, not messages.
 */
export async function chaseNotice(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  id: number | undefined,
  texts: NoticeTexts,
  platforms: ReadonlyMap<string, PlatformCapabilities>,
): Promise<{ report: UnreadReport; chats: number }> {
  const report = await unreadReport(work.db, tree, actor, id, work.now);
  const { notice } = report;
  const pendingByUnit = new Map(report.units.map((u) => [u.unit.id, u.pending]));
  const all = report.units.flatMap((u) => u.pending);
  if (all.length === 0) return { report, chats: 0 };
  const bound = await boundChats(work.db, [...pendingByUnit.keys()]);
  const chats = bound.filter((c) => (pendingByUnit.get(c.unitId) ?? []).length > 0);
  const accounts = await accountsOf(work.db, all);
  const [last] = await work.db
    .select({ n: max(noticeChases.seq) })
    .from(noticeChases)
    .where(eq(noticeChases.noticeId, notice.id));
  const seq = (last?.n ?? 0) + 1;
  const messages: OutboxMessage[] = chats.flatMap((c) => {
    const parts = chaseParts({
      id: notice.id,
      title: notice.title,
      pending: pendingByUnit.get(c.unitId) ?? [],
      accountOf: (memberId) => accounts.get(`${c.platform}\u0000${memberId}`),
      platform: platforms.get(c.platform),
      texts,
    });
    return parts.map((p, i) => ({
      platform: c.platform,
      chatId: c.chatId,
      kind: NOTICE_CHASE_KIND,
      // The first part keeps the chase's ref; later parts need keys of their own.
      ref: i === 0 ? `${notice.id}.${seq}` : `${notice.id}.${seq}.${i + 1}`,
      text: p.text,
      mentions: p.mentions,
      payload: noticePayload(notice),
      unitId: c.unitId,
    }));
  });
  if (messages.length === 0) return { report, chats: 0 };
  const by = actorIdentity(actor);
  work.write(
    work.db.insert(noticeChases).values({
      noticeId: notice.id,
      seq,
      at: work.now.getTime(),
      byMemberId: actor.member?.id ?? null,
      byIdentity: by,
      pending: all.length,
    }),
  );
  enqueue(work, messages);
  return { report, chats: chats.length };
}
