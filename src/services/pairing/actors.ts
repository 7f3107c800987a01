import { actorIdentity, type ActorRef } from '../../contracts/identity.js';
import type { Work } from '../../contracts/work.js';
import { enqueue, enqueueToMember, type OutboxMessage } from '../../outbox/enqueue.js';
import type { Sender } from '../org/identity.js';

/** Who sent a message, as the ActorRef the pairing rows record. */
export function actorOf(sender: Pick<Sender, 'platform' | 'userId' | 'member'>): ActorRef {
  return { platform: sender.platform, userId: sender.userId, memberId: sender.member?.id ?? null };
}

/** An actor as stored in a pair of `…_member_id` / `…_identity` columns. */
export interface StoredActor {
  memberId: string | null;
  identity: string | null;
}

/** The column values of an actor. */
export function storedActor(actor: ActorRef): StoredActor {
  return { memberId: actor.memberId, identity: actorIdentity(actor) };
}

/** "platform:userId" back to its parts (a user id may itself hold ':'; a platform name never does). */
export function parseIdentity(identity: string): { platform: string; userId: string } | null {
  const i = identity.indexOf(':');
  return i > 0 && i < identity.length - 1 ? { platform: identity.slice(0, i), userId: identity.slice(i + 1) } : null;
}

/**
 * A direct message to whoever a stored actor is: their member record's account when they have one,
 * else the account itself (an administrator without a member record). False when neither reaches anyone.
 */
export async function enqueueToActor(
  work: Work,
  who: StoredActor,
  m: Omit<OutboxMessage, 'platform' | 'chatId' | 'direct'>,
): Promise<boolean> {
  if (who.memberId && (await enqueueToMember(work, who.memberId, m))) return true;
  const account = who.identity ? parseIdentity(who.identity) : null;
  if (!account) return false;
  enqueue(work, [{ ...m, platform: account.platform, chatId: account.userId, direct: true }]);
  return true;
}
