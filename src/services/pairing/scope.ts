import { canManage, type Sender } from '../org/identity.js';
import type { UnitTree } from '../org/units.js';
import { pairingError } from './errors.js';

// Which units a pairing command acts on: unit-scope policy, beside the feature's rules.

/**
 * The unit a new need belongs to (the chat's bound unit, else the sender's own), refused unless
 * the sender manages it.
 */
export function needUnitFor(sender: Sender, tree: UnitTree, boundUnitId: string | null): string {
  const unitId = boundUnitId ?? sender.member?.unitId;
  if (!unitId) throw pairingError('pairing.no_unit', {});
  if (!canManage(sender, tree, unitId)) {
    throw pairingError('pairing.register_forbidden', { unitName: tree.get(unitId)?.name ?? null });
  }
  return unitId;
}

/** Unit ids an officer sees: the chat's bound unit (if managed) or their own, with everything below. */
export function managedUnitIds(sender: Sender, tree: UnitTree, boundUnitId: string | null): string[] {
  const base = boundUnitId ?? sender.member?.unitId ?? null;
  if (base && canManage(sender, tree, base)) return tree.subtree(base).map((u) => u.id);
  if (sender.role === 'admin') return [...tree.byId.keys()];
  if (base) throw pairingError('pairing.report_forbidden', { unitName: tree.get(base)?.name ?? null });
  throw pairingError('pairing.no_unit', {});
}

/** The units an officer's report covers, and the unit it is named after (null: every unit, for an admin). */
export interface ReportScope {
  unitIds: string[];
  unitName: string | null;
  timeZone: string;
}

/** The unit an officer's report covers: the chat's bound unit, else their own (admins: everything). */
export function reportScope(
  sender: Sender,
  tree: UnitTree,
  boundUnitId: string | null,
  defaultZone: string,
): ReportScope {
  const unitIds = managedUnitIds(sender, tree, boundUnitId);
  // managedUnitIds lists the base unit first, unless an admin without a unit sees everything.
  const everything = unitIds.length === tree.byId.size && !boundUnitId && !sender.member?.unitId;
  const top = everything ? undefined : tree.get(unitIds[0]);
  return { unitIds, unitName: top?.name ?? null, timeZone: top?.timeZone ?? defaultZone };
}
