import { and, eq, inArray, sql } from 'drizzle-orm';
import { placeholders, preparedWrite } from '../../db/prepared.js';
import { chatBindings, identities, invites, inviteUses, members, units } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { CommandError } from '../../command/errors.js';
import { TITLES, type MemberRole, type PartyStatus } from '../../contracts/roles.js';
import { canManage, type ChatBinding, type MemberRecord, type Sender } from './identity.js';
import { UNIT_TYPE_LABEL, UNIT_TYPES, unitTypeFromName, unitTypeFromWord, type Unit, type UnitTree, type UnitType } from './units.js';
import { newId, type Work } from '../../contracts/work.js';

/** How long an invite code stays valid, in days. */
export const INVITE_TTL_DAYS = 7;
/** Invite codes avoid look-alike characters (0/O, 1/I/L). */
const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_CODE_LENGTH = 8;
export const MAX_UNIT_NAME_CHARS = 40;
export const MAX_MEMBER_NAME_CHARS = 20;

function newInviteCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(INVITE_CODE_LENGTH));
  return [...bytes].map((b) => INVITE_ALPHABET[b % INVITE_ALPHABET.length]).join('');
}

/** Creates a unit under `parentName` (or at the top, for admins). */
export function createUnit(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  input: { name: string; parentName?: string; typeWord?: string; timeZone: string },
): Unit {
  const name = input.name.trim();
  if (tree.findByName(name)) throw new CommandError(`已有名为「${name}」的组织。`);
  const type: UnitType | null = input.typeWord ? unitTypeFromWord(input.typeWord) : unitTypeFromName(name);
  if (!type) {
    throw new CommandError(
      input.typeWord ? `类型「${input.typeWord}」不对，应为 党委、总支、支部 或 小组。` : `无法从名称判断类型，请注明类型（党委、总支、支部、小组）。`,
    );
  }
  let parent: Unit | undefined;
  if (input.parentName) {
    parent = tree.findByName(input.parentName);
    if (!parent) throw new CommandError(`找不到上级组织「${input.parentName}」。`);
  } else if (actor.role !== 'admin') {
    parent = tree.get(actor.member?.unitId);
    if (!parent) throw new CommandError('请注明上级组织。');
  }
  if (parent) {
    if (!canManage(actor, tree, parent.id)) throw new CommandError(`你只能在本组织及下级组织中建组织，「${parent.name}」不在其中。`);
    if (UNIT_TYPES.indexOf(type) <= UNIT_TYPES.indexOf(parent.type)) {
      throw new CommandError(`${UNIT_TYPE_LABEL[type]}不能建在${UNIT_TYPE_LABEL[parent.type]}「${parent.name}」之下。`);
    }
  }
  const unit: Unit = { id: newId(), name, type, parentId: parent?.id ?? null, timeZone: parent?.timeZone ?? input.timeZone };
  work.write(work.db.insert(units).values({ ...unit, createdAt: work.now.getTime() }));
  work.touchOrg();
  return unit;
}

/** Finds a unit by name or throws a message naming it. */
export function requireUnit(tree: UnitTree, name: string): Unit {
  const u = tree.findByName(name);
  if (!u) throw new CommandError(`找不到组织「${name}」。`);
  return u;
}

export function requireManage(actor: Sender, tree: UnitTree, unit: Unit): void {
  if (!canManage(actor, tree, unit.id)) throw new CommandError(`你无权管理「${unit.name}」。`);
}

/** Binds a group chat to a unit; a chat belongs to one unit at a time. */
export function bindChat(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  chat: { platform: string; chatId: string; chatName?: string; current: ChatBinding | null },
  unit: Unit,
): void {
  requireManage(actor, tree, unit);
  if (chat.current) {
    const cur = tree.get(chat.current.unitId);
    if (chat.current.unitId === unit.id) throw new CommandError(`本群已绑定到「${unit.name}」。`);
    throw new CommandError(`本群已绑定到「${cur?.name ?? '其他组织'}」，请先发送「解绑」。`);
  }
  work.write(
    work.db.insert(chatBindings).values({
      platform: chat.platform,
      chatId: chat.chatId,
      unitId: unit.id,
      chatName: chat.chatName ?? null,
      boundBy: `${actor.platform}:${actor.userId}`,
      boundAt: work.now.getTime(),
    }),
  );
  work.touchOrg();
}

export function unbindChat(work: Work, tree: UnitTree, actor: Sender, binding: ChatBinding | null): Unit {
  if (!binding) throw new CommandError('本群尚未绑定任何组织。');
  const unit = tree.get(binding.unitId);
  if (unit) requireManage(actor, tree, unit);
  else if (actor.role !== 'admin') throw new CommandError('只有管理员可以解绑此群。');
  work.write(
    work.db.delete(chatBindings).where(and(eq(chatBindings.platform, binding.platform), eq(chatBindings.chatId, binding.chatId))),
  );
  work.touchOrg();
  return unit ?? { id: binding.unitId, name: '(已删除的组织)', type: 'branch', parentId: null, timeZone: 'Asia/Shanghai' };
}

/** Issues a one-time invite code for `unit` with the role a title names. */
export function createInvite(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  unit: Unit,
  title: string,
): { code: string; expiresAt: Date } {
  requireManage(actor, tree, unit);
  const t = TITLES[title];
  if (!t) throw new CommandError(`角色「${title}」不对，应为 ${Object.keys(TITLES).join('、')} 之一。`);
  if ((t.role === 'secretary' || t.role === 'committee') && actor.role !== 'admin') {
    throw new CommandError('书记、委员的邀请码只能由管理员发放；也可在成员加入后用「任命」。');
  }
  const code = newInviteCode();
  const expiresAt = new Date(work.now.getTime() + INVITE_TTL_DAYS * 86_400_000);
  work.write(
    work.db.insert(invites).values({
      code,
      unitId: unit.id,
      role: t.role,
      partyStatus: t.partyStatus,
      createdBy: `${actor.platform}:${actor.userId}`,
      createdAt: work.now.getTime(),
      expiresAt: expiresAt.getTime(),
    }),
  );
  return { code, expiresAt };
}

// What every 加入 runs, built once per database (PERFORMANCE.md: building costs more than running).
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
  db.insert(members).values(placeholders(['id', 'name', 'unitId', 'role', 'partyStatus', 'isAdmin', 'createdAt'])),
);
const insertIdentity = preparedWrite<Required<typeof identities.$inferInsert>>((db) =>
  db.insert(identities).values(placeholders(['platform', 'userId', 'memberId', 'displayName', 'createdAt'])),
);
const insertInviteUse = preparedWrite<Required<typeof inviteUses.$inferInsert>>((db) =>
  db.insert(inviteUses).values(placeholders(['code', 'memberId', 'usedAt'])),
);

/** Registers the sender as a member of the invite's unit. */
export async function joinWithInvite(
  work: Work,
  tree: UnitTree,
  who: { platform: string; userId: string; displayName?: string; existing: MemberRecord | null },
  input: { code: string; name: string },
): Promise<{ member: MemberRecord; unit: Unit }> {
  if (who.existing?.unitId) {
    throw new CommandError(`你已是「${tree.get(who.existing.unitId)?.name ?? '本组织'}」的成员（${who.existing.name}），无需再次加入。`);
  }
  const code = input.code.toUpperCase();
  const [row] = await inviteLookup(work.db).all({ code });
  const invite = row?.invite;
  if (!invite) throw new CommandError(`邀请码「${code}」不存在，请核对后重试。`);
  if (invite.expiresAt <= work.now.getTime()) throw new CommandError(`邀请码「${code}」已过期，请向书记索取新的邀请码。`);
  if (row.usedBy) throw new CommandError(`邀请码「${code}」已被使用，请向书记索取新的邀请码。`);
  const unit = tree.get(invite.unitId);
  if (!unit) throw new CommandError('该邀请码对应的组织已不存在。');

  const now = work.now.getTime();
  const member: MemberRecord = {
    id: who.existing?.id ?? newId(),
    name: input.name,
    unitId: unit.id,
    role: invite.role,
    partyStatus: invite.partyStatus,
    isAdmin: who.existing?.isAdmin ?? false,
  };
  if (who.existing) {
    work.write(
      work.db
        .update(members)
        .set({ name: member.name, unitId: member.unitId, role: member.role, partyStatus: member.partyStatus })
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
  work.touchOrg(who.existing ? 'all' : `${who.platform}:${who.userId}`);
  return { member, unit };
}

export interface RosterEntry {
  unit: Unit;
  members: MemberRecord[];
}

/** Members of a unit and of the units below it, grouped by unit. */
export async function roster(db: Db, tree: UnitTree, unit: Unit): Promise<RosterEntry[]> {
  const scope = tree.subtree(unit.id);
  const rows = await db
    .select()
    .from(members)
    .where(inArray(members.unitId, scope.map((u) => u.id)));
  const order: Record<MemberRole, number> = { secretary: 0, committee: 1, member: 2, activist: 3, masses: 4 };
  return scope.map((u) => ({
    unit: u,
    members: rows
      .filter((m) => m.unitId === u.id)
      .sort((a, b) => order[a.role] - order[b.role] || (a.partyStatus ?? '').localeCompare(b.partyStatus ?? '') || a.name.localeCompare(b.name, 'zh')),
  }));
}

/** Sets a member's role; only admins appoint 书记, officers act within their units. */
export function appoint(work: Work, tree: UnitTree, actor: Sender, target: MemberRecord, title: string): { role: MemberRole; partyStatus: PartyStatus | null } {
  const t = TITLES[title];
  if (!t) throw new CommandError(`角色「${title}」不对，应为 ${Object.keys(TITLES).join('、')} 之一。`);
  const unit = tree.get(target.unitId);
  if (!unit) throw new CommandError(`${target.name} 还没有所属组织，请先邀请其加入。`);
  requireManage(actor, tree, unit);
  if (t.role === 'secretary' && actor.role !== 'admin') throw new CommandError('任命书记需要管理员。');
  if (target.id === actor.member?.id && actor.role !== 'admin') throw new CommandError('不能更改自己的角色。');
  work.write(work.db.update(members).set({ role: t.role, partyStatus: t.partyStatus }).where(eq(members.id, target.id)));
  work.touchOrg();
  return t;
}

/** Resolves a mention (by platform id) or a plain name to a member the actor can see. */
export async function findMember(
  db: Db,
  tree: UnitTree,
  platform: string,
  mention: { id: string; name: string },
  scopeUnitId: string | null,
): Promise<MemberRecord> {
  if (mention.id) {
    const rows = await db
      .select({ m: members })
      .from(identities)
      .innerJoin(members, eq(members.id, identities.memberId))
      .where(and(eq(identities.platform, platform), eq(identities.userId, mention.id)))
      .limit(1);
    if (rows[0]) return rows[0].m;
  }
  const name = mention.name.replace(/^@/, '');
  const candidates = await db.select().from(members).where(eq(members.name, name));
  const visible = scopeUnitId ? candidates.filter((m) => m.unitId && tree.isWithin(m.unitId, scopeUnitId)) : candidates;
  if (visible.length === 1) return visible[0]!;
  if (visible.length > 1) throw new CommandError(`有 ${visible.length} 位名叫「${name}」的成员，请用 @ 指明是哪一位。`);
  throw new CommandError(`找不到成员「${name}」，对方需要先用邀请码加入。`);
}
