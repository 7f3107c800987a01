import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { identities, members, outbox } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { enqueue, type OutboxMessage } from '../../outbox/enqueue.js';
import { zonedParts } from '../../contracts/time.js';
import type { CoreDeps } from '../../contracts/deps.js';
import { withUnits } from './deliveries.js';
import { Work } from '../../contracts/work.js';

/** Outbox kind of the direct message telling an officer that a platform's daily cap holds messages. */
export const HELD_NOTICE_KIND = 'delivery.held';

/** What the officer reads (implemented in commands/outbox-admin/texts.ts, passed by the runtime). */
export interface HeldTexts {
  /** `platformLabel`'s account reached its daily cap; held rows go out from `resumeAt` (epoch ms) on. */
  held(p: { platformLabel: string; resumeAt: number; timeZone: string }): string;
}

/** What notifyHeld needs of the core: the platforms' labels and the organisation's zone. */
export type HeldDeps = Pick<CoreDeps, 'platforms'> & { config: Pick<CoreDeps['config'], 'PIONEER_TZ'> };

/** How people call a platform: its adapter module's label, or its id where none declared one. */
export function platformLabel(platforms: HeldDeps['platforms'], platform: string): string {
  return platforms.get(platform)?.label ?? platform;
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
  deps: HeldDeps,
  texts: HeldTexts,
): Promise<number> {
  const timeZone = deps.config.PIONEER_TZ;
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
    .where(
      and(
        inArray(members.unitId, unitIds),
        inArray(members.role, ['secretary', 'committee']),
        ne(identities.platform, platform),
      ),
    )
    .orderBy(asc(identities.createdAt));
  const day = zonedParts(new Date(held.now), timeZone);
  const ref = `${platform}:${day.year}-${day.month}-${day.day}`;
  const label = platformLabel(deps.platforms, platform);
  const text = texts.held({ platformLabel: label, resumeAt: held.resumeAt, timeZone });
  const seen = new Set<string>();
  const messages: OutboxMessage[] = [];
  for (const o of officers) {
    if (seen.has(o.memberId)) continue;
    seen.add(o.memberId);
    messages.push({
      platform: o.platform,
      chatId: o.userId,
      direct: true,
      kind: HELD_NOTICE_KIND,
      ref,
      text,
      unitId: o.unitId,
    });
  }
  if (messages.length === 0) return 0;
  const work = new Work(db, new Date(held.now));
  enqueue(work, messages);
  // One INSERT statement: atomic on its own, no batch needed.
  for (const w of work.writes) await (w as unknown as Promise<unknown>);
  return messages.length;
}
