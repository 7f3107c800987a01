import type { Config } from '../../contracts/config/index.js';
import { canManage, type Sender } from '../org/identity.js';
import type { UnitTree } from '../org/units.js';
import { pairingError } from './errors.js';
import type { NeedStatus } from './lifecycle.js';
import { actorsFor, requireActor, type NeedRow } from './needs.js';
import { openHousehold, requireKeyring, type Household } from './privacy.js';

// Who may see or enter a household's personal data: the privacy policy of DOMAIN.md in one place.

type KeyConfig = Pick<Config, 'PIONEER_DATA_KEY'>;

/** Statuses in which the assigned volunteer may see the household (after 接单, until released or closed). */
const VOLUNTEER_VIEWS: ReadonlySet<NeedStatus> = new Set<NeedStatus>(['accepted', 'in_service', 'rated']);

/** Why someone may see a household's data (recorded with each view). */
export type HouseholdViewer = 'officer' | 'volunteer';

/**
 * The officers who may see a need's household: administrators, and the 书记 and 委员 of the need's
 * own unit. Officers of the units above manage the need (派单, 结案…) but never see the household:
 * the fewer people who can read it, the fewer who can leak it (DOMAIN.md "Privacy").
 */
export function householdOfficer(sender: Sender, need: Pick<NeedRow, 'unitId'>): boolean {
  if (sender.role === 'admin') return true;
  const officer = sender.role === 'secretary' || sender.role === 'committee';
  return officer && sender.member?.unitId === need.unitId;
}

/**
 * The one rule for who may see a need's household data: an officer of its own unit (or an
 * administrator), or its assigned volunteer once they have accepted. Anyone else is refused.
 */
export function householdViewer(sender: Sender, tree: UnitTree, need: NeedRow): HouseholdViewer {
  if (householdOfficer(sender, need)) return 'officer';
  const actors = actorsFor(sender, tree, need);
  if (!actors.includes('volunteer')) throw pairingError('pairing.household_forbidden', { id: need.id });
  if (!VOLUNTEER_VIEWS.has(need.status)) throw pairingError('pairing.accept_first', { id: need.id });
  return 'volunteer';
}

/** What a contact card can show: the household said no, nothing entered yet, or the data. */
export type HouseholdCard = { state: 'declined' } | { state: 'empty' } | { state: 'ready'; household: Household };

/** The household's data for someone the policy already let through (the caller audits the view). */
export async function householdCard(config: KeyConfig, need: NeedRow): Promise<HouseholdCard> {
  if (need.consent === false) return { state: 'declined' };
  if (!need.nameEnc && !need.phoneEnc && !need.addressEnc) return { state: 'empty' };
  return { state: 'ready', household: await openHousehold(await requireKeyring(config), need.id, need) };
}

/** The household's data when a key is set, for refusing notes that repeat it; undefined otherwise. */
export async function householdIfReadable(config: KeyConfig, need: NeedRow): Promise<Household | undefined> {
  if (!config.PIONEER_DATA_KEY || !(need.nameEnc || need.phoneEnc || need.addressEnc)) return undefined;
  return openHousehold(await requireKeyring(config), need.id, need);
}

/** Statuses in which the volunteer is told when the household's data has just been entered. */
const TOLD_WHEN_READY: ReadonlySet<NeedStatus> = new Set<NeedStatus>(['accepted', 'in_service']);

/** The volunteer to tell that the household's data is ready to view, if one is serving the need. */
export function volunteerToTell(need: Pick<NeedRow, 'volunteerId' | 'status'>): string | null {
  return need.volunteerId && TOLD_WHEN_READY.has(need.status) ? need.volunteerId : null;
}

/** Entering a household's data (登记住户): officers over the need, while it is not closed. */
export function requireIntake(sender: Sender, tree: UnitTree, need: NeedRow): void {
  requireActor(sender, tree, need, 'officer');
  if (need.status === 'closed') throw pairingError('pairing.need_closed', { id: need.id });
}

/** Whether an open exchange may still take answers (the need may have closed, or the officer moved). */
export function intakeStillOpen(sender: Sender, tree: UnitTree, need: NeedRow): boolean {
  return canManage(sender, tree, need.unitId) && need.status !== 'closed';
}
