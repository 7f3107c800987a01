import { eq, sql } from 'drizzle-orm';
import { placeholders, preparedWrite } from '../../db/prepared.js';
import { identities, invites, inviteUses, members } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { actorIdentity, identityKey } from '../../contracts/identity.js';
import type { RoleAndStatus } from '../../contracts/roles.js';
import { newId, type Work } from '../../contracts/work.js';
import { enqueue, enqueueToMember, type OutboxMessage } from '../../outbox/enqueue.js';
import { actorOf, memberByIdentity, type MemberRecord, type Sender } from './identity.js';
import { orgError } from './errors.js';
import { unitSecretary } from './appoint.js';
import { requireManage } from './scope.js';
import type { Unit, UnitTree } from './units.js';

/** How long an invite code stays valid, in days. */
export const INVITE_TTL_DAYS = 7;
/** Invite codes avoid look-alike characters (0/O, 1/I/L). */
const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_CODE_LENGTH = 8;

function newInviteCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(INVITE_CODE_LENGTH));
  return [...bytes].map((b) => INVITE_ALPHABET[b % INVITE_ALPHABET.length]).join('');
}

/** The one platform account a code is bound to (邀请 委员 @某人). */
export interface InviteFor {
  platform: string;
  userId: string;
  /** The name the person was mentioned by. */
  name: string;
}

/**
 * Issues a one-time invite code for `unit` with the given role. Officers invite within their
 * units; only admins invite 书记 or 委员 (others appoint them after they join). A code bound to a
 * person (`forWhom`) works only for that platform account, who may not be a member already.
 * The caller sends the code to the issuer by direct message only: whoever reads it can use it.
 */
export async function createInvite(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  unit: Unit,
  title: RoleAndStatus,
  forWhom?: InviteFor,
): Promise<{ code: string; expiresAt: Date }> {
  requireManage(actor, tree, unit);
  if ((title.role === 'secretary' || title.role === 'committee') && actor.role !== 'admin') {
    throw orgError('org.officer_invite_admin_only', {});
  }
  const deputy = title.role === 'secretary' && title.deputy === true;
  if (title.role === 'secretary' && !deputy) {
    // One 书记 per unit: a second is invited as 副书记, or replaces the first by 任命 and 确认任命.
    const current = await unitSecretary(work.db, unit.id);
    if (current) throw orgError('org.invite_second_secretary', { unitName: unit.name, current: current.name });
  }
  if (forWhom) {
    if (!forWhom.userId) throw orgError('org.invite_mention_needs_account', { name: forWhom.name });
    const already = await memberByIdentity(work.db, forWhom.platform, forWhom.userId);
    if (already?.unitId) throw orgError('org.invite_for_member', { name: already.name });
  }
  const code = newInviteCode();
  const expiresAt = new Date(work.now.getTime() + INVITE_TTL_DAYS * 86_400_000);
  const by = actorOf(actor);
  work.write(
    work.db.insert(invites).values({
      code,
      unitId: unit.id,
      role: title.role,
      partyStatus: title.partyStatus,
      deputy,
      createdByMemberId: by.memberId,
      createdByIdentity: actorIdentity(by),
      createdAt: work.now.getTime(),
      expiresAt: expiresAt.getTime(),
      forPlatform: forWhom?.platform ?? null,
      forUserId: forWhom?.userId ?? null,
      forName: forWhom?.name ?? null,
    }),
  );
  return { code, expiresAt };
}

// What every 加入 runs, built once per database (bench/phases.ts measures it: building costs more than running).
const inviteLookups = new WeakMap<Db, ReturnType<typeof prepareInviteLookup>>();

function prepareInviteLookup(db: Db) {
  return db
    .select({ invite: invites, usedBy: inviteUses.memberId })
    .from(invites)
    .leftJoin(inviteUses, eq(inviteUses.code, invites.code))
    .where(eq(invites.code, sql.placeholder('code')))
    .limit(1)
    .prepare();
}

function inviteLookup(db: Db) {
  let q = inviteLookups.get(db);
  if (!q) inviteLookups.set(db, (q = prepareInviteLookup(db)));
  return q;
}

const insertMember = preparedWrite<Required<typeof members.$inferInsert>>((db) =>
  db
    .insert(members)
    .values(placeholders(['id', 'name', 'unitId', 'role', 'partyStatus', 'isAdmin', 'deputy', 'createdAt'])),
);
const insertIdentity = preparedWrite<Required<typeof identities.$inferInsert>>((db) =>
  db.insert(identities).values(placeholders(['platform', 'userId', 'memberId', 'displayName', 'createdAt'])),
);
const insertInviteUse = preparedWrite<Required<typeof inviteUses.$inferInsert>>((db) =>
  db.insert(inviteUses).values(placeholders(['code', 'memberId', 'usedAt'])),
);

/** Who issued a code: their account ("platform:userId") and member record, as the invite row keeps them. */
export interface InviteIssuer {
  memberId: string | null;
  identity: string | null;
}

export interface JoinOutcome {
  member: MemberRecord;
  unit: Unit;
  code: string;
  /** Who issued the code, to be told who used it (tellIssuer). */
  issuer: InviteIssuer;
}

/**
 * Registers the sender as a member of the invite's unit. A code works once (two people racing for
 * it conflict on invite_uses' primary key in their batches), not after it expires, and a code
 * bound to a person only for that platform account (anyone else is told so, and the code stays).
 */
export async function joinWithInvite(
  work: Work,
  tree: UnitTree,
  who: { platform: string; userId: string; displayName?: string; existing: MemberRecord | null },
  input: { code: string; name: string },
): Promise<JoinOutcome> {
  if (who.existing?.unitId) {
    const unitName = tree.get(who.existing.unitId)?.name ?? null;
    throw orgError('org.already_member', { unitName, memberName: who.existing.name });
  }
  const code = input.code.toUpperCase();
  const [row] = await inviteLookup(work.db).all({ code });
  const invite = row?.invite;
  if (!invite) throw orgError('org.invite_not_found', { code });
  if (invite.expiresAt <= work.now.getTime()) throw orgError('org.invite_expired', { code });
  if (row.usedBy) throw orgError('org.invite_used', { code });
  if (invite.forUserId !== null && (invite.forPlatform !== who.platform || invite.forUserId !== who.userId)) {
    throw orgError('org.invite_for_other', { code });
  }
  const unit = tree.get(invite.unitId);
  if (!unit) throw orgError('org.invite_unit_gone', { code });

  const now = work.now.getTime();
  // A 书记's code used after the unit got a 书记 another way makes a 副书记: never two 书记.
  const deputy = invite.role === 'secretary' && (invite.deputy || !!(await unitSecretary(work.db, unit.id)));
  const member: MemberRecord & { deputy: boolean } = {
    id: who.existing?.id ?? newId(),
    name: input.name,
    unitId: unit.id,
    role: invite.role,
    partyStatus: invite.partyStatus,
    isAdmin: who.existing?.isAdmin ?? false,
    deputy,
  };
  if (who.existing) {
    work.write(
      work.db
        .update(members)
        .set({ name: member.name, unitId: member.unitId, role: member.role, partyStatus: member.partyStatus, deputy })
        .where(eq(members.id, member.id)),
    );
  } else {
    work.write(
      insertMember(work.db, { ...member, createdAt: now }),
      insertIdentity(work.db, {
        platform: who.platform,
        userId: who.userId,
        memberId: member.id,
        displayName: who.displayName ?? null,
        createdAt: now,
      }),
    );
  }
  work.write(insertInviteUse(work.db, { code, memberId: member.id, usedAt: now }));
  // A join adds one identity (or updates one member): only that sender's cached record is stale.
  work.touchOrg(who.existing ? 'all' : identityKey(who.platform, who.userId));
  const issuer = { memberId: invite.createdByMemberId, identity: invite.createdByIdentity };
  return { member, unit, code, issuer };
}

/**
 * A direct message to whoever issued a code, on the account they issued it from (an administrator
 * may have no member record), else on their member record's. False when neither reaches anyone.
 */
export async function tellIssuer(
  work: Work,
  issuer: InviteIssuer,
  m: Omit<OutboxMessage, 'platform' | 'chatId' | 'direct'>,
): Promise<boolean> {
  const at = issuer.identity?.indexOf(':') ?? -1;
  if (issuer.identity && at > 0) {
    const account = { platform: issuer.identity.slice(0, at), chatId: issuer.identity.slice(at + 1) };
    enqueue(work, [{ ...m, ...account, direct: true }]);
    return true;
  }
  return !!issuer.memberId && enqueueToMember(work, issuer.memberId, m);
}
