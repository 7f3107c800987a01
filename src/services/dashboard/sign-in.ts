import type { Work } from '../../contracts/work.js';
import { actorOf, type Sender } from '../org/identity.js';
import type { Unit, UnitTree } from '../org/units.js';
import { homeUnits } from './access.js';
import { dashboardError } from './errors.js';
import { issueLink } from './links.js';

/** 看板: a sign-in link for an officer who has something to look at (the units their page starts from). */
export async function requestSignIn(
  work: Work,
  tree: UnitTree,
  sender: Sender,
): Promise<{ secret: string; expiresAt: Date; units: Unit[] }> {
  const units = homeUnits(sender, tree);
  if (units.length === 0) throw dashboardError('dashboard.no_unit', {});
  return { ...(await issueLink(work, actorOf(sender))), units };
}
