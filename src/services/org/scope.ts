import type { MemberRecord, Sender } from './identity.js';
import { orgError } from './errors.js';
import type { Unit, UnitTree } from './units.js';

// The unit-scope policy of the organisation: who may act on, or look into, which unit. Every
// feature asks here (canManage) rather than comparing units itself.

/** True when the sender may act on `unitId`: admins anywhere, officers on their unit and below. */
export function canManage(sender: Sender, tree: UnitTree, unitId: string): boolean {
  if (sender.role === 'admin') return true;
  if (sender.role !== 'secretary' && sender.role !== 'committee') return false;
  const own = sender.member?.unitId;
  return !!own && tree.isWithin(unitId, own);
}

/** Refuses (org.cannot_manage) unless the sender may act on `unit`. */
export function requireManage(actor: Sender, tree: UnitTree, unit: Unit): void {
  if (!canManage(actor, tree, unit.id)) throw orgError('org.cannot_manage', { unitName: unit.name });
}

/**
 * True when the sender may read the roster of `unitId`: admins, and anyone whose own unit is it or
 * lies above it (成员 is for officers; the role is checked by the command's declaration).
 */
export function canSeeRoster(sender: Sender, tree: UnitTree, unitId: string): boolean {
  if (sender.role === 'admin') return true;
  const own = sender.member?.unitId;
  return !!own && tree.isWithin(unitId, own);
}

/**
 * The unit below which the sender looks people up by name (任命, 代签 and the like): null for
 * admins, who see everyone; otherwise the sender's own unit (null without one).
 */
export function lookupScope(sender: Sender): string | null {
  return sender.role === 'admin' ? null : (sender.member?.unitId ?? null);
}

/** True when `member` lies within the lookup scope `scopeUnitId` (null: no bound). */
export function withinScope(tree: UnitTree, member: Pick<MemberRecord, 'unitId'>, scopeUnitId: string | null): boolean {
  if (!scopeUnitId) return true;
  return !!member.unitId && tree.isWithin(member.unitId, scopeUnitId);
}
