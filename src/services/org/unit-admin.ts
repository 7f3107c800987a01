import { units } from '../../db/schema.js';
import type { Sender } from './identity.js';
import { orgError } from './errors.js';
import { canManage } from './scope.js';
import { nearestName } from './nearest.js';
import { UNIT_TYPES, unitTypeFromName, unitTypeFromWord, type Unit, type UnitTree, type UnitType } from './units.js';
import { newId, type Work } from '../../contracts/work.js';

/** Longest unit name accepted, in characters. */
export const MAX_UNIT_NAME_CHARS = 40;

/** Creates a unit under `parentName` (or at the top, for admins). */
export function createUnit(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  input: { name: string; parentName?: string; typeWord?: string; timeZone: string },
): Unit {
  const name = input.name.trim();
  if (tree.findByName(name)) throw orgError('org.unit_exists', { name });
  const type: UnitType | null = input.typeWord ? unitTypeFromWord(input.typeWord) : unitTypeFromName(name);
  if (!type) {
    throw input.typeWord
      ? orgError('org.unit_type_invalid', { word: input.typeWord })
      : orgError('org.unit_type_unknown', { name });
  }
  let parent: Unit | undefined;
  if (input.parentName) {
    parent = tree.findByName(input.parentName);
    if (!parent)
      throw orgError('org.parent_not_found', { name: input.parentName, ...nearestUnit(tree, input.parentName) });
  } else if (actor.role !== 'admin') {
    parent = tree.get(actor.member?.unitId);
    if (!parent) throw orgError('org.parent_required', {});
  }
  if (parent) {
    if (!canManage(actor, tree, parent.id)) throw orgError('org.parent_out_of_scope', { parentName: parent.name });
    if (UNIT_TYPES.indexOf(type) <= UNIT_TYPES.indexOf(parent.type)) {
      throw orgError('org.unit_type_below', { type, parentType: parent.type, parentName: parent.name });
    }
  }
  const timeZone = parent?.timeZone ?? input.timeZone;
  const unit: Unit = { id: newId(), name, type, parentId: parent?.id ?? null, timeZone };
  work.write(work.db.insert(units).values({ ...unit, createdAt: work.now.getTime() }));
  work.touchOrg();
  return unit;
}

/** Finds a unit by name, or refuses with org.unit_not_found. */
export function requireUnit(tree: UnitTree, name: string): Unit {
  const u = tree.findByName(name);
  if (!u) throw orgError('org.unit_not_found', { name, ...nearestUnit(tree, name) });
  return u;
}

/** `{ closest }` with the unit name a mistyped one most likely meant, or nothing. */
function nearestUnit(tree: UnitTree, name: string): { closest?: string } {
  const closest = nearestName(name, tree.names());
  return closest ? { closest } : {};
}

/**
 * The unit a command acts on: the one named, else `fallbackUnitId` (the chat's bound unit, else
 * the sender's own); refuses when there is none.
 */
export function resolveUnit(tree: UnitTree, name: string | undefined, fallbackUnitId: string | null | undefined): Unit {
  if (name) return requireUnit(tree, name);
  const unit = tree.get(fallbackUnitId);
  if (!unit) throw orgError('org.unit_unspecified', {});
  return unit;
}
