import { count, inArray, sql, sum } from 'drizzle-orm';
import { members } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { MemberRole, PartyStatus } from '../../contracts/roles.js';
import type { Sender } from './identity.js';
import { orgError } from './errors.js';
import { canSeeRoster } from './scope.js';
import type { Unit, UnitTree } from './units.js';

// How many members a unit and the units below it have, counted by the database: a 党委's 成员
// summary reads a thousand totals, the totals by role and the roles of the few units it names,
// not its 50,000 member rows nor a row per role and unit (6,000 for the 区委, issue 24).

/** Members of one role (and party status, and 副书记 or not) in a unit. */
export interface RoleCount {
  role: MemberRole;
  partyStatus: PartyStatus | null;
  deputy: boolean;
  n: number;
}

/** How many members a unit has, and whether one is its 书记 (or a 副书记). */
export interface UnitTotal {
  unit: Unit;
  total: number;
  hasSecretary: boolean;
}

export interface RosterCounts {
  /** `unit` and every unit below it, in tree order. */
  units: UnitTotal[];
  /** Over all of them. */
  roles: RoleCount[];
}

/** Counts of `unit` and every unit below it; refuses outside the actor's scope. */
export async function rosterCounts(db: Db, tree: UnitTree, actor: Sender, unit: Unit): Promise<RosterCounts> {
  if (!canSeeRoster(actor, tree, unit.id)) throw orgError('org.roster_forbidden', { unitName: unit.name });
  const scope = tree.subtree(unit.id);
  const ids = scope.map((u) => u.id);
  const totals = await db
    .select({
      unitId: members.unitId,
      n: count(),
      secretary: sql<number>`max(${members.role} = 'secretary')`.mapWith(Number),
    })
    .from(members)
    .where(inArray(members.unitId, ids))
    .groupBy(members.unitId);
  const byUnit = new Map(totals.map((r) => [r.unitId, r]));
  // By unit first: that grouping follows members_unit_role_idx, so no sort of every member.
  const perUnit = db
    .select({ role: members.role, partyStatus: members.partyStatus, deputy: members.deputy, n: count().as('n') })
    .from(members)
    .where(inArray(members.unitId, ids))
    .groupBy(members.unitId, members.role, members.partyStatus, members.deputy)
    .as('per_unit');
  const roles = await db
    .select({
      role: perUnit.role,
      partyStatus: perUnit.partyStatus,
      deputy: perUnit.deputy,
      n: sum(perUnit.n).mapWith(Number),
    })
    .from(perUnit)
    .groupBy(perUnit.role, perUnit.partyStatus, perUnit.deputy);
  return {
    units: scope.map((u) => {
      const r = byUnit.get(u.id);
      return { unit: u, total: r?.n ?? 0, hasSecretary: Boolean(r?.secretary) };
    }),
    roles,
  };
}

/** Counts by role of each of `unitIds` (a unit without members is absent). */
export async function unitRoles(db: Db, unitIds: string[]): Promise<Map<string, RoleCount[]>> {
  const out = new Map<string, RoleCount[]>();
  if (unitIds.length === 0) return out;
  const rows = await db
    .select({
      unitId: members.unitId,
      role: members.role,
      partyStatus: members.partyStatus,
      deputy: members.deputy,
      n: count(),
    })
    .from(members)
    .where(inArray(members.unitId, unitIds))
    .groupBy(members.unitId, members.role, members.partyStatus, members.deputy);
  for (const { unitId, ...r } of rows) out.set(unitId!, [...(out.get(unitId!) ?? []), r]);
  return out;
}
