/**
 * Who did something: the platform account that sent the message, and the member record behind it
 * when there is one (an administrator from PIONEER_ADMINS may have none). Rows that record an
 * actor keep both, in separate columns: `…_member_id` (null without a record) and `…_identity`.
 */
export interface ActorRef {
  platform: string;
  userId: string;
  memberId: string | null;
}

/** "platform:userId", the form PIONEER_ADMINS and `…_identity` columns use. */
export function identityKey(platform: string, userId: string): string {
  return `${platform}:${userId}`;
}

/** The `…_identity` column value of an actor. */
export function actorIdentity(actor: Pick<ActorRef, 'platform' | 'userId'>): string {
  return identityKey(actor.platform, actor.userId);
}
