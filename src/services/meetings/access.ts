// Unit-scope policy of the meetings feature: which unit a chat speaks for, whether a meeting may
// be handled from a chat, who may manage it, and whose members an officer may name.
import { eq } from 'drizzle-orm';
import type { ActorRef } from '../../contracts/identity.js';
import { members } from '../../db/schema.js';
import type { Mention } from '../../contracts/message.js';
import type { Db } from '../../contracts/store.js';
import { canManage, type MemberRecord, type Sender } from '../org/identity.js';
import { findMember, requireManage, requireUnit } from '../org/org.js';
import type { Unit, UnitTree } from '../org/units.js';
import { meetingsError } from './errors.js';
import { meetingCoversUnit } from './scope.js';
import type { Meeting } from './types.js';

/** Where a command was sent: a group (and the unit it is bound to, if any) or a direct chat. */
export interface ChatPlace {
  group: boolean;
  boundUnitId: string | null;
}

/** The actor behind a sender, for the `…_member_id` + `…_identity` columns. */
export function actorOf(sender: Sender): ActorRef {
  return { platform: sender.platform, userId: sender.userId, memberId: sender.member?.id ?? null };
}

/** The unit a chat speaks for: a group's bound unit; in a direct chat the sender's own unit. */
export function unitOfChat(tree: UnitTree, sender: Sender, place: ChatPlace): Unit {
  if (place.group) {
    const unit = tree.get(place.boundUnitId);
    if (!unit) throw meetingsError('meeting.chat_unbound', {});
    return unit;
  }
  const unit = tree.get(sender.member?.unitId);
  if (!unit) throw meetingsError('meeting.no_unit', {});
  return unit;
}

/**
 * In a group, a meeting may be handled only when the group is bound to the meeting's unit (or to
 * a unit the meeting covers, e.g. a 支部 at its 党委's 党课). Direct chats may handle any meeting.
 */
export function checkChat(tree: UnitTree, place: ChatPlace, m: Pick<Meeting, 'id' | 'unitId' | 'type'>): void {
  if (!place.group) return;
  const bound = tree.get(place.boundUnitId);
  const owner = tree.get(m.unitId)?.name ?? null;
  if (!bound) throw meetingsError('meeting.unbound_chat', { id: m.id, owner });
  if (bound.id === m.unitId || meetingCoversUnit(tree, m, bound.id)) return;
  throw meetingsError('meeting.other_chat', { id: m.id, owner, bound: bound.name });
}

/** The chat check plus: the sender manages the meeting's unit. */
export function checkManager(
  tree: UnitTree,
  sender: Sender,
  place: ChatPlace,
  m: Pick<Meeting, 'id' | 'unitId' | 'type'>,
): void {
  checkChat(tree, place, m);
  if (!canManage(sender, tree, m.unitId)) {
    throw meetingsError('meeting.not_manager', { id: m.id, owner: tree.get(m.unitId)?.name ?? null });
  }
}

/** The sender's member record: check-in, leave and 补签 are a member's. */
export function requireMemberRecord(sender: Sender): MemberRecord {
  if (!sender.member) throw meetingsError('meeting.no_member', {});
  return sender.member;
}

/** A member the sender may name (an administrator anyone; an officer within their own unit's reach). */
export function findInScope(db: Db, tree: UnitTree, sender: Sender, mention: Mention): Promise<MemberRecord> {
  const scope = sender.role === 'admin' ? null : (sender.member?.unitId ?? null);
  return findMember(db, tree, sender.platform, mention, scope);
}

/**
 * The unit a new meeting is for: the unit named (from a direct chat, or the group bound to it),
 * else the chat's unit; the sender must manage it.
 */
export function unitToSchedule(tree: UnitTree, sender: Sender, place: ChatPlace, name: string | null): Unit {
  let unit: Unit;
  if (name) {
    unit = requireUnit(tree, name);
    if (place.group && place.boundUnitId !== unit.id) {
      const bound = tree.get(place.boundUnitId)?.name ?? null;
      throw meetingsError('meeting.schedule_other_chat', { bound, unit: unit.name });
    }
  } else unit = unitOfChat(tree, sender, place);
  requireManage(sender, tree, unit);
  return unit;
}

/** The unit whose meetings are listed: named (the sender's own unit's reach, or one they manage), else the chat's. */
export function unitToList(tree: UnitTree, sender: Sender, place: ChatPlace, name: string | undefined): Unit {
  if (!name) return unitOfChat(tree, sender, place);
  const unit = requireUnit(tree, name);
  const own = sender.member?.unitId;
  if (!canManage(sender, tree, unit.id) && !(own && tree.isWithin(own, unit.id))) {
    throw meetingsError('meeting.list_forbidden', { unit: unit.name });
  }
  return unit;
}

/** The unit an officer's report is about: named, or the chat's; the sender must manage it. */
export function unitToReport(tree: UnitTree, sender: Sender, place: ChatPlace, name: string | undefined): Unit {
  const unit = name ? requireUnit(tree, name) : unitOfChat(tree, sender, place);
  if (!canManage(sender, tree, unit.id)) throw meetingsError('attendance.forbidden', { unit: unit.name });
  return unit;
}

/**
 * A person named for a meeting of `unitId` (主持人, 记录人, 主讲人, 缺席原因): a mention by its
 * account; a bare name by the members of that unit and those below it, so a name unique there
 * needs no @ even when another unit has one like it (several there: the caller is asked which).
 * A name nobody there has is looked up as any officer's naming is (findInScope).
 */
export async function findForUnit(
  db: Db,
  tree: UnitTree,
  sender: Sender,
  mention: Mention,
  unitId: string,
): Promise<MemberRecord> {
  if (mention.id) return findInScope(db, tree, sender, mention);
  const name = mention.name.replace(/^@/, '').trim();
  const named = await db.select().from(members).where(eq(members.name, name));
  const here = named.filter((m) => m.unitId && tree.isWithin(m.unitId, unitId));
  if (here.length === 1) return here[0]!;
  if (here.length > 1) {
    const units = here.map((m) => tree.get(m.unitId)?.name ?? '');
    throw meetingsError('meeting.person_ambiguous', { name, units });
  }
  return findInScope(db, tree, sender, mention);
}
