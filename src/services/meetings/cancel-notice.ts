// 【会议取消】 in bursts: the cancellations of one minute in one chat are posted as one summary.
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { outbox } from '../../db/schema.js';
import { enqueue } from '../../outbox/enqueue.js';
import type { Work } from '../../contracts/work.js';
import type { CancelledItem, MeetingNoticeTexts } from './texts.js';

/** Outbox kind of a 【会议取消】; ref: the first meeting of the burst. */
export const CANCEL_NOTICE_KIND = 'meeting.cancel';
/**
 * How long a 【会议取消】 waits in the outbox for more cancellations to the same chat: a series of
 * 取消会议 typed one after another (or a 党委 clearing a week) is one message, not one per meeting.
 */
export const CANCEL_BURST_MS = 60_000;
/**
 * A waiting summary is joined only while it is due at least this much later, so the relay cannot
 * claim it between this read and the commit; a cancellation later than that starts a new message.
 */
const JOIN_MARGIN_MS = 10_000;

/** The meetings a waiting 【会议取消】 lists, kept in its payload so the next one can be added. */
const payloadSchema = z.object({
  cancelled: z.array(
    z.object({
      unit: z.string(),
      meeting: z.object({ id: z.number(), type: z.string(), title: z.string().nullable(), startsAt: z.number() }),
      zone: z.string(),
      reason: z.string().nullable(),
      seriesStopped: z.boolean(),
    }),
  ),
});

type Chat = { platform: string; chatId: string };

const chatKey = (c: Chat) => `${c.platform}\n${c.chatId}`;

function parsePayload(raw: string | null): CancelledItem[] | null {
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(raw ?? 'null'));
    return parsed.success ? (parsed.data.cancelled as CancelledItem[]) : null;
  } catch {
    return null;
  }
}

/**
 * Tells `chats` that a meeting was cancelled, through the outbox in the caller's batch. A chat with
 * a 【会议取消】 still waiting gets this meeting added to it; others get a new one, sent after
 * CANCEL_BURST_MS. Durable either way: the row commits with the cancellation, so a restart before
 * it is due still sends it. Should the waiting row be taken meanwhile (another cancellation, the
 * relay), the update matches nothing and this meeting goes out in a message of its own instead.
 */
export async function announceCancellation(
  work: Work,
  chats: readonly Chat[],
  item: CancelledItem,
  texts: MeetingNoticeTexts,
): Promise<void> {
  if (chats.length === 0) return;
  const now = work.now.getTime();
  const waiting = await work.db
    .select({ id: outbox.id, platform: outbox.platform, chatId: outbox.chatId, payload: outbox.payload })
    .from(outbox)
    .where(
      and(
        eq(outbox.kind, CANCEL_NOTICE_KIND),
        eq(outbox.status, 'pending'),
        eq(outbox.direct, false),
        gt(outbox.notBefore, now + JOIN_MARGIN_MS),
        inArray(outbox.chatId, [...new Set(chats.map((c) => c.chatId))]),
      ),
    );
  const byChat = new Map(waiting.map((w) => [chatKey(w), w]));
  const fresh = (c: Chat) => ({
    ...c,
    kind: CANCEL_NOTICE_KIND,
    ref: String(item.meeting.id),
    text: texts.cancelled([item]),
    payload: { cancelled: [item] },
    notBefore: new Date(now + CANCEL_BURST_MS),
  });
  const alone: Chat[] = [];
  for (const chat of chats) {
    const row = byChat.get(chatKey(chat));
    const listed = row ? parsePayload(row.payload) : null;
    if (!row || !listed) {
      alone.push(chat);
      continue;
    }
    const items = [...listed, item];
    const set = { text: texts.cancelled(items), payload: JSON.stringify({ cancelled: items }) };
    const unchanged = and(eq(outbox.id, row.id), eq(outbox.status, 'pending'), eq(outbox.payload, row.payload!));
    work.write(work.db.update(outbox).set(set).where(unchanged));
    // changes() is the count of the UPDATE just before: 0 when the waiting row was taken meanwhile.
    enqueue(work, [fresh(chat)], { onlyIf: () => sql`changes() = 0` });
  }
  enqueue(work, alone.map(fresh));
}
