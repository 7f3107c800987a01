// Who may do what with 党费: the policy in one place. Managing a unit's ledger (payments, lists,
// exports, settings) follows the organisation's scope (canManage). A base is personal data: only
// the member and the officers of the member's own branch set or see it — not officers of the units
// above, and not administrators (a technical role).
import type { Config } from '../../contracts/config/index.js';
import { createKeyring, type Keyring } from '../crypto.js';
import { canManage, type MemberRecord, type Sender } from '../org/identity.js';
import type { Unit, UnitTree } from '../org/units.js';
import { duesError } from './errors.js';

/**
 * The unit that keeps a member's dues: their unit, or for a 党小组 the unit above it (党费 are
 * collected by the 支部). Undefined for a member without a unit.
 */
export function duesUnitOf(tree: UnitTree, unitId: string | null | undefined): Unit | undefined {
  let u = tree.get(unitId);
  for (let hops = 0; u && u.type === 'group' && hops < 64; hops++) {
    const parent = tree.get(u.parentId);
    if (!parent) break;
    u = parent;
  }
  return u;
}

/** Party members owe dues: 书记, 委员 and 党员 (正式 and 预备), not 积极分子 or 群众. */
export function isPartyMember(m: Pick<MemberRecord, 'role'>): boolean {
  return m.role === 'secretary' || m.role === 'committee' || m.role === 'member';
}

/** Refuses unless the sender may manage the dues of `unit`. */
export function requireDuesManager(sender: Sender, tree: UnitTree, unit: Unit): void {
  if (!canManage(sender, tree, unit.id)) throw duesError('dues.cannot_manage', { unitName: unit.name });
}

/** True when the sender may set or see `member`'s base: the member, or an officer of their branch. */
export function canSeeBase(sender: Sender, tree: UnitTree, member: MemberRecord): boolean {
  const me = sender.member;
  if (!me) return false;
  if (me.id === member.id) return true;
  if (me.role !== 'secretary' && me.role !== 'committee') return false;
  const mine = duesUnitOf(tree, me.unitId);
  return !!mine && mine.id === duesUnitOf(tree, member.unitId)?.id;
}

/** The member's branch, refusing when the sender may not set their base or they owe no dues. */
export function requireBaseAccess(sender: Sender, tree: UnitTree, member: MemberRecord): Unit {
  const unit = duesUnitOf(tree, member.unitId);
  if (!unit) throw duesError('dues.member_without_unit', { name: member.name });
  if (!canSeeBase(sender, tree, member)) throw duesError('dues.base_forbidden', { name: member.name });
  if (!isPartyMember(member)) throw duesError('dues.not_party_member', { name: member.name });
  return unit;
}

/** The keyring that seals bases, or a refusal when PIONEER_DATA_KEY is missing. */
export async function requireDuesKeyring(config: Pick<Config, 'PIONEER_DATA_KEY'>): Promise<Keyring> {
  const ring = await createKeyring(config.PIONEER_DATA_KEY);
  if (!ring) throw duesError('dues.no_data_key', {});
  return ring;
}
