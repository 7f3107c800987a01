import { and, eq, sql } from 'drizzle-orm';
import { chatBindings, identities, members } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { MemberRole, PartyStatus, Role } from '../../contracts/roles.js';

export interface MemberRecord {
  id: string;
  name: string;
  unitId: string | null;
  role: MemberRole;
  partyStatus: PartyStatus | null;
  isAdmin: boolean;
  /** A 副书记 (role secretary beside the unit's 书记); absent on records built before the column. */
  deputy?: boolean;
}

/** The person behind a message, as far as permissions are concerned. */
export interface Sender {
  platform: string;
  userId: string;
  /** Member name when registered, else the name the platform gave. */
  name: string;
  member: MemberRecord | null;
  role: Role;
}

export interface ChatBinding {
  platform: string;
  chatId: string;
  unitId: string;
  chatName: string | null;
}

export { identityKey } from '../../contracts/identity.js';
import { identityKey, type ActorRef } from '../../contracts/identity.js';
// canManage lives with the rest of the scope policy; it is re-exported here because other
// features import it from this module.
export { canManage } from './scope.js';

/** Looks up who sent a message; config admins are admins even before they have a record. */
export async function loadSender(
  db: Db,
  admins: ReadonlySet<string>,
  platform: string,
  userId: string,
  platformName: string | undefined,
): Promise<Sender> {
  const member = await memberByIdentity(db, platform, userId);
  const isAdmin = admins.has(identityKey(platform, userId)) || member?.isAdmin === true;
  const role: Role = isAdmin ? 'admin' : (member?.role ?? 'stranger');
  return { platform, userId, name: member?.name ?? platformName ?? userId, member, role };
}

// The two lookups every message makes, prepared once per database: drizzle then skips building
// the SQL on each call, about half of their cost (measured by bench/phases.ts).
const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  const platform = sql.placeholder('platform');
  return {
    member: db
      .select({ m: members })
      .from(identities)
      .innerJoin(members, eq(members.id, identities.memberId))
      .where(and(eq(identities.platform, platform), eq(identities.userId, sql.placeholder('userId'))))
      .limit(1)
      .prepare(),
    binding: db
      .select({
        platform: chatBindings.platform,
        chatId: chatBindings.chatId,
        unitId: chatBindings.unitId,
        chatName: chatBindings.chatName,
      })
      .from(chatBindings)
      .where(and(eq(chatBindings.platform, platform), eq(chatBindings.chatId, sql.placeholder('chatId'))))
      .limit(1)
      .prepare(),
  };
}

function statements(db: Db) {
  let s = prepared.get(db);
  if (!s) prepared.set(db, (s = prepare(db)));
  return s;
}

export async function loadBinding(db: Db, platform: string, chatId: string): Promise<ChatBinding | null> {
  const rows = await statements(db).binding.all({ platform, chatId });
  return rows[0] ?? null;
}

/** The member a platform account belongs to, or null. */
export async function memberByIdentity(db: Db, platform: string, userId: string): Promise<MemberRecord | null> {
  // get(): one row, one call into the engine (all() also allocates for a hundred).
  const row = await statements(db).member.get({ platform, userId });
  return row?.m ?? null;
}

/** Who a sender is, as rows that record an actor store it (…_member_id and …_identity columns). */
export function actorOf(sender: Pick<Sender, 'platform' | 'userId' | 'member'>): ActorRef {
  return { platform: sender.platform, userId: sender.userId, memberId: sender.member?.id ?? null };
}
