import { and, eq, gte, inArray, lt, or } from 'drizzle-orm';
import { deliveredMessages, deliveredReadChecks, noticeReads, outbox } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { ReadReceipts } from '../../contracts/adapter.js';
import type { Logger } from '../../contracts/log.js';
import type { Work } from '../../contracts/work.js';

// Who read a notice, from the platforms' read receipts (Feishu read_users, DingTalk read status):
// asked only when someone wants to know (未读), at most once per NOTICE_READS_REFRESH_MS per
// delivered message whichever process asks, only while the platform still answers for it, and
// never on a timer (the Feishu free plan caps a tenant's API calls per month).

/** A delivered message is asked about again only after this long. */
export const NOTICE_READS_REFRESH_MS = 10 * 60_000;
/** Outbox kinds of a notice's messages people read: the notice, its chases and direct reminders. */
const READ_KINDS = ['notice', 'notice.chase'];

/** `ref` of the outbox rows of notice `id`: "12" and "12.<anything>". */
export function noticeRefs(id: number) {
  return or(eq(outbox.ref, String(id)), and(gte(outbox.ref, `${id}.`), lt(outbox.ref, `${id}/`)));
}

/** One delivered message of a notice, with when it was last asked about. */
export interface NoticeMessage {
  outboxId: number;
  platform: string;
  chatId: string;
  direct: boolean;
  kind: string;
  unitId: string | null;
  platformMessageId: string;
  sentAt: number;
  checkedAt: number | null;
}

/** The delivered messages of a notice (those the platform gave an id for). */
export async function noticeMessages(db: Db, noticeId: number): Promise<NoticeMessage[]> {
  return db
    .select({
      outboxId: outbox.id,
      platform: outbox.platform,
      chatId: outbox.chatId,
      direct: outbox.direct,
      kind: outbox.kind,
      unitId: outbox.unitId,
      platformMessageId: deliveredMessages.platformMessageId,
      sentAt: deliveredMessages.sentAt,
      checkedAt: deliveredReadChecks.checkedAt,
    })
    .from(outbox)
    .innerJoin(deliveredMessages, eq(deliveredMessages.outboxId, outbox.id))
    .leftJoin(deliveredReadChecks, eq(deliveredReadChecks.outboxId, outbox.id))
    .where(and(inArray(outbox.kind, READ_KINDS), noticeRefs(noticeId)))
    .orderBy(outbox.id);
}

/** "platform\u0000userId" of everyone known to have read notice `noticeId`. */
export async function readersOf(db: Db, noticeId: number): Promise<Set<string>> {
  const rows = await db
    .select({ platform: noticeReads.platform, userId: noticeReads.userId })
    .from(noticeReads)
    .where(eq(noticeReads.noticeId, noticeId));
  return new Set(rows.map((r) => `${r.platform}\u0000${r.userId}`));
}

/**
 * Asks the platforms who read the notice's delivered messages that are due (never asked, or last
 * asked NOTICE_READS_REFRESH_MS ago, and younger than the platform's maxAgeMs), records what they
 * said in `work`, and returns every reader known, the new ones included, and the new ones alone
 * (`fresh`: not in notice_reads until `work` commits). A platform that fails is logged and not
 * asked again before the refresh time: a failing call costs quota too.
 */
export async function refreshReads(
  work: Work,
  noticeId: number,
  receipts: ReadonlyMap<string, ReadReceipts> | undefined,
  log?: Logger,
): Promise<{ known: Set<string>; fresh: Set<string> }> {
  const known = await readersOf(work.db, noticeId);
  if (!receipts?.size) return { known, fresh: new Set() };
  const now = work.now.getTime();
  const due = (await noticeMessages(work.db, noticeId)).filter((m) => {
    const r = receipts.get(m.platform);
    return r && m.sentAt >= now - r.maxAgeMs && (m.checkedAt === null || m.checkedAt <= now - NOTICE_READS_REFRESH_MS);
  });
  const fresh: { platform: string; userId: string }[] = [];
  for (const m of due) {
    try {
      const ids = await receipts.get(m.platform)!.readers(m);
      for (const userId of ids) {
        const key = `${m.platform}\u0000${userId}`;
        if (known.has(key)) continue;
        known.add(key);
        fresh.push({ platform: m.platform, userId });
      }
    } catch (err) {
      log?.warn('read receipts failed', { platform: m.platform, outboxId: m.outboxId, err });
    }
    const checked = work.db.insert(deliveredReadChecks).values({ outboxId: m.outboxId, checkedAt: now });
    work.write(checked.onConflictDoUpdate({ target: deliveredReadChecks.outboxId, set: { checkedAt: now } }));
  }
  // 4 variables a row: well under SQLite's 32,766 per statement.
  for (let i = 0; i < fresh.length; i += 2000) {
    const rows = fresh.slice(i, i + 2000).map((f) => ({ noticeId, platform: f.platform, userId: f.userId, at: now }));
    work.write(work.db.insert(noticeReads).values(rows).onConflictDoNothing());
  }
  return { known, fresh: new Set(fresh.map((f) => `${f.platform}\u0000${f.userId}`)) };
}
