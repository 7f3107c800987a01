import { actorIdentity } from '../../contracts/identity.js';
import { canManage, type Sender } from '../org/identity.js';
import type { Unit, UnitTree } from '../org/units.js';

// The unit-scope policy of notices, in one place: who may send to which units (通知, 确认发送)
// and whose confirmations an officer may follow up (未读, 催办).

/** The first target the actor may not send to, if any: admins send anywhere, officers to their unit and below. */
export function unitOutOfScope(actor: Sender, tree: UnitTree, targets: readonly Unit[]): Unit | undefined {
  return targets.find((u) => !canManage(actor, tree, u.id));
}

/** True when the actor sent the notice (its sender follows it up wherever it went). */
export function isSender(actor: Sender, notice: { createdByIdentity: string | null }): boolean {
  return notice.createdByIdentity === actorIdentity(actor);
}

/**
 * Where 未读/催办 without a number look for the latest notice (besides the actor's own): every
 * unit for an admin (null), else the officer's unit and everything below it.
 */
export function followUpScope(actor: Sender, tree: UnitTree): string[] | null {
  if (actor.role === 'admin') return null;
  return tree.subtree(actor.member?.unitId ?? '').map((u) => u.id);
}

/** The target units of a notice whose confirmations the actor may see: all for its sender, else those they manage. */
export function followUpUnits(
  actor: Sender,
  tree: UnitTree,
  notice: { createdByIdentity: string | null },
  targets: readonly Unit[],
): Unit[] {
  const own = isSender(actor, notice);
  return targets.filter((u) => own || canManage(actor, tree, u.id));
}

/** The deepest unit that holds every one of `units` (itself for one unit); undefined across separate trees. */
export function commonUnit(tree: UnitTree, units: readonly Unit[]): Unit | undefined {
  const [first, ...rest] = units;
  if (!first) return undefined;
  for (let u = tree.get(first.id), hops = 0; u && hops < 64; u = tree.get(u.parentId), hops++) {
    if (rest.every((r) => tree.isWithin(r.id, u!.id))) return u;
  }
  return undefined;
}

/**
 * The unit a notice is signed with (—— 泰山区某社区党委 王书记): an officer's own unit when the notice
 * goes to it or below it, else (an administrator, or a chat of another unit) the unit the notice is
 * sent for, the one holding all its named targets, never merely the first branch of the list.
 */
export function signingUnit(actor: Sender, tree: UnitTree, named: readonly Unit[], home: Unit | undefined): Unit {
  const common = commonUnit(tree, named);
  const own = actor.role === 'admin' ? undefined : tree.get(actor.member?.unitId);
  if (own && common && tree.isWithin(common.id, own.id)) return own;
  return common ?? home ?? named[0]!;
}
