import { auditLog } from '../../db/schema.js';
import { actorIdentity, type ActorRef } from '../../contracts/identity.js';
import type { Work } from '../../contracts/work.js';

/** Where a change was made: the chat of a command, or none (an upload link). */
export interface Origin {
  actor: ActorRef;
  platform?: string;
  chatId?: string;
}

/**
 * Appends a 党费 change to the audit log, in the same batch as the change. The detail never holds
 * a base: it says what kind of change, for which month, from where.
 */
export function auditDues(
  work: Work,
  origin: Origin,
  entry: { action: string; unitId: string; target: string; detail: Record<string, unknown> },
): void {
  work.write(
    work.db.insert(auditLog).values({
      at: work.now.getTime(),
      actorMemberId: origin.actor.memberId,
      actor: actorIdentity(origin.actor),
      action: entry.action,
      unitId: entry.unitId,
      platform: origin.platform ?? null,
      chatId: origin.chatId ?? null,
      target: entry.target,
      detail: JSON.stringify(entry.detail),
    }),
  );
}
