import { count, inArray } from 'drizzle-orm';
import { members } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { MemberRole, PartyStatus } from '../../contracts/roles.js';
import type { Sender } from './identity.js';
import { orgError } from './errors.js';
import { canSeeRoster } from './scope.js';
import type { Unit, UnitTree } from './units.js';

// How many members of each role a unit and the units below it have, counted by the database: a
// 党委's 成员 summary reads a few thousand counts, not its 50,000 member rows (issue 24).

/** Members of one role (and party status, and 副书记 or not) in a unit. */
export interface RoleCount {
  role: MemberRole;
  partyStatus: PartyStatus | null;
  deputy: boolean;
  n: number;
}

export interface UnitCounts {
  unit: Unit;
  total: number;
  roles: RoleCount[];
}

/** Counts by role of `unit` and every unit below it, in tree order; refuses outside the actor's scope. */
export async function rosterCounts(db: Db, tree: UnitTree, actor: Sender, unit: Unit): Promise<UnitCounts[]> {
  if (!canSeeRoster(actor, tree, unit.id)) throw orgError('org.roster_forbidden', { unitName: unit.name });
  const scope = tree.subtree(unit.id);
  const rows = await db
    .select({
      unitId: members.unitId,
      role: members.role,
      partyStatus: members.partyStatus,
      deputy: members.deputy,
      n: count(),
    })
    .from(members)
    .where(
      inArray(
        members.unitId,
        scope.map((u) => u.id),
      ),
    )
    .groupBy(members.unitId, members.role, members.partyStatus, members.deputy);
  const byUnit = new Map<string, UnitCounts>(scope.map((u) => [u.id, { unit: u, total: 0, roles: [] }]));
  for (const { unitId, ...r } of rows) {
    const c = byUnit.get(unitId!);
    if (!c) continue;
    c.roles.push(r);
    c.total += r.n;
  }
  return scope.map((u) => byUnit.get(u.id)!);
}
