import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { identities, members, outbox } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { enqueue, type OutboxMessage } from '../../outbox/enqueue.js';
import { formatTime, zonedParts } from '../../contracts/time.js';
import { withUnits } from './deliveries.js';
import { Work } from '../../contracts/work.js';

/** Outbox kind of the direct message telling an officer that a platform's daily cap holds messages. */
export const HELD_NOTICE_KIND = 'delivery.held';

/** How people call each platform in a sentence. */
const PLATFORM_NAME: Record<string, string> = { wechat: '微信', lark: '飞书', playground: '演示' };

/** The text an officer reads. */
export function heldNoticeText(platform: string, resumeAt: Date, timeZone: string): string {
  const name = PLATFORM_NAME[platform] ?? platform;
  return `【发送提醒】${name}账号今天的发送量已到上限，本组织还没发出的通知和提醒将顺延到 ${formatTime(resumeAt, timeZone)} 起发出。发送「投递失败」可查看顺延的消息。`;
}

/**
 * Tells the officers (书记、委员) of the units whose rows were held past `platform`'s daily cap,
 * by a direct message on another platform they use: the capped one would hold the message too.
 * Once a day per officer (the outbox key includes the day). Officers with no other platform see
 * the held rows in 投递失败. Returns how many messages were enqueued (repeats count too).
 */
export async function notifyHeld(
  db: Db,
  held: { ids: number[]; resumeAt: number; now: number },
  timeZone: string,
): Promise<number> {
  if (held.ids.length === 0) return 0;
  const rows = await db.select().from(outbox).where(inArray(outbox.id, held.ids));
  const platform = rows[0]?.platform;
  if (!platform) return 0;
  const unitIds = [...new Set((await withUnits(db, rows)).map((r) => r.unitId).filter((u): u is string => u !== null))];
  if (unitIds.length === 0) return 0;
  const officers = await db
    .select({ memberId: members.id, unitId: members.unitId, platform: identities.platform, userId: identities.userId })
    .from(members)
    .innerJoin(identities, eq(identities.memberId, members.id))
    .where(and(inArray(members.unitId, unitIds), inArray(members.role, ['secretary', 'committee']), ne(identities.platform, platform)))
    .orderBy(asc(identities.createdAt));
  const day = zonedParts(new Date(held.now), timeZone);
  const ref = `${platform}:${day.year}-${day.month}-${day.day}`;
  const text = heldNoticeText(platform, new Date(held.resumeAt), timeZone);
  const seen = new Set<string>();
  const messages: OutboxMessage[] = [];
  for (const o of officers) {
    if (seen.has(o.memberId)) continue;
    seen.add(o.memberId);
    messages.push({ platform: o.platform, chatId: o.userId, direct: true, kind: HELD_NOTICE_KIND, ref, text, unitId: o.unitId });
  }
  if (messages.length === 0) return 0;
  const work = new Work(db, new Date(held.now));
  enqueue(work, messages);
  // One INSERT statement: atomic on its own, no batch needed.
  for (const w of work.writes) await (w as unknown as Promise<unknown>);
  return messages.length;
}
