// Who a dashboard session speaks for, checked on every request: the person the link was issued
// to as they are now (read afresh, not from a cache: a demoted officer's session ends at once),
// and the units they may open (canManage, the organisation's one scope policy).
import { OFFICERS } from '../../contracts/roles.js';
import type { Db } from '../../contracts/store.js';
import { canManage, loadSender, type Sender } from '../org/identity.js';
import type { Unit, UnitTree } from '../org/units.js';

/** The officer behind an identity ("platform:userId"), or null when they are no officer now. */
export async function officerOf(db: Db, admins: ReadonlySet<string>, identity: string): Promise<Sender | null> {
  const cut = identity.indexOf(':');
  if (cut <= 0) return null;
  const sender = await loadSender(db, admins, identity.slice(0, cut), identity.slice(cut + 1), undefined);
  return OFFICERS.includes(sender.role) ? sender : null;
}

/** True when the officer may open `unitId`'s page: admins everywhere, officers on their unit and below. */
export function canView(sender: Sender, tree: UnitTree, unitId: string): boolean {
  return canManage(sender, tree, unitId);
}

/** Where the officer's dashboard starts: their own unit; for an administrator the top units. */
export function homeUnits(sender: Sender, tree: UnitTree): Unit[] {
  if (sender.role === 'admin') {
    return [...tree.byId.values()].filter((u) => !u.parentId).sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  }
  const own = tree.get(sender.member?.unitId);
  return own ? [own] : [];
}

/** True when a unit's page is the 党委 kind (one row per branch below it) rather than a branch's. */
export function isCommitteePage(unit: Unit): boolean {
  return unit.type === 'committee' || unit.type === 'general_branch';
}
