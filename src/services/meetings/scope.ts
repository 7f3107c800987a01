import type { MemberRole } from '../../contracts/roles.js';
import { DEFAULT_TIME_ZONE } from '../../contracts/time.js';
import { meetingsError } from './errors.js';
import type { Meeting, MeetingType } from './types.js';
import type { UnitTree } from '../org/units.js';

// Who is expected (应到) at a meeting, and which chats' units a meeting belongs to.

/** Types whose 应到 covers the whole subtree when held by a 党委 or 总支. */
const SUBTREE_TYPES: ReadonlySet<MeetingType> = new Set(['general_assembly', 'lecture']);
const PARTY_ROLES: readonly MemberRole[] = ['secretary', 'committee', 'member'];
const OFFICER_ROLES: readonly MemberRole[] = ['secretary', 'committee'];
const ALL_ROLES: readonly MemberRole[] = ['secretary', 'committee', 'member', 'activist', 'masses'];

/**
 * Units whose members are expected at a meeting: a 支部's meetings include its 党小组; a 党委's or
 * 总支's 党员大会 and 党课 include every unit below; otherwise the meeting's own unit.
 */
export function scopeUnitIds(tree: UnitTree, m: Pick<Meeting, 'unitId' | 'type'>): string[] {
  const unit = tree.get(m.unitId);
  if (!unit) return [m.unitId];
  if (unit.type === 'committee' || unit.type === 'general_branch') {
    return SUBTREE_TYPES.has(m.type) ? tree.subtree(unit.id).map((u) => u.id) : [unit.id];
  }
  if (unit.type === 'branch')
    return tree
      .subtree(unit.id)
      .filter((u) => u.id === unit.id || u.type === 'group')
      .map((u) => u.id);
  return [unit.id];
}

/** Roles counted in 应到: 支委会 its officers, 志愿活动 everyone, other meetings 正式/预备党员. */
export function expectedRoles(type: MeetingType): readonly MemberRole[] {
  if (type === 'committee_meeting') return OFFICER_ROLES;
  if (type === 'volunteer') return ALL_ROLES;
  return PARTY_ROLES;
}

export interface ExpectableMember {
  unitId: string | null;
  role: MemberRole;
  partyStatus: 'formal' | 'probationary' | null;
  createdAt?: number;
}

/** True when `member` counts in the meeting's 应到 (members who joined after the start do not). */
export function isExpected(
  tree: UnitTree,
  m: Pick<Meeting, 'unitId' | 'type' | 'startsAt'>,
  member: ExpectableMember,
  scope?: readonly string[],
): boolean {
  if (!member.unitId || !(scope ?? scopeUnitIds(tree, m)).includes(member.unitId)) return false;
  if (!expectedRoles(m.type).includes(member.role)) return false;
  if (m.type !== 'volunteer' && !member.partyStatus) return false;
  return member.createdAt === undefined || member.createdAt <= m.startsAt;
}

/**
 * True when a member of this role may take part at all: a 支委会 is the 书记's and 委员's (副书记
 * included: role secretary) and nobody else checks in or asks leave there, not even as 列席.
 */
export function mayAttend(m: Pick<Meeting, 'type'>, role: MemberRole): boolean {
  return m.type !== 'committee_meeting' || OFFICER_ROLES.includes(role);
}

/** Refuses a member who may not take part in the meeting (src/services/meetings/scope.ts mayAttend). */
export function checkMayAttend(m: Pick<Meeting, 'id' | 'type'>, role: MemberRole): void {
  if (!mayAttend(m, role)) throw meetingsError('attendance.committee_only', { id: m.id });
}

/** True when members of `unitId` (the chat's unit) belong at this meeting. */
export function meetingCoversUnit(tree: UnitTree, m: Pick<Meeting, 'unitId' | 'type'>, unitId: string): boolean {
  return scopeUnitIds(tree, m).includes(unitId);
}

/** The unit and its ancestors: where meetings that may concern its members are held. */
export function unitAndAncestors(tree: UnitTree, unitId: string): string[] {
  const out: string[] = [];
  for (let u = tree.get(unitId), hops = 0; u && hops < 64; u = tree.get(u.parentId), hops++) out.push(u.id);
  return out;
}

/** The zone a unit's meetings are shown in; DEFAULT_TIME_ZONE for a unit that has vanished. */
export function zoneOf(tree: UnitTree, unitId: string | null | undefined): string {
  return tree.get(unitId)?.timeZone ?? DEFAULT_TIME_ZONE;
}
