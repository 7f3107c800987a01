import { count, inArray, sql } from 'drizzle-orm';
import { inList } from '../../db/in-list.js';
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

/** A row of rosterCounts' query: a unit's total (role null) or a total by role over all units (unit null). */
interface CountRow {
  unit_id: string | null;
  role: MemberRole | null;
  party_status: PartyStatus | null;
  deputy: number | null;
  n: number;
  secretary: number | null;
}

/**
 * Counts of `unit` and every unit below it; refuses outside the actor's scope. One pass over
 * members_unit_role_idx (grouped by unit and role in the index's order, no sort), then per unit
 * and per role from those groups: 1,027 rows for the 区委, not one per unit and role.
 */
export async function rosterCounts(db: Db, tree: UnitTree, actor: Sender, unit: Unit): Promise<RosterCounts> {
  if (!canSeeRoster(actor, tree, unit.id)) throw orgError('org.roster_forbidden', { unitName: unit.name });
  const scope = tree.subtree(unit.id);
  const m = members;
  const inScope = inList(
    m.unitId,
    scope.map((u) => u.id),
  );
  const rows = await db.all<CountRow>(sql`WITH per_unit AS (
      SELECT ${m.unitId} AS unit_id, ${m.role} AS role, ${m.partyStatus} AS party_status, ${m.deputy} AS deputy,
        count(*) AS n
      FROM ${m} WHERE ${inScope}
      GROUP BY ${m.unitId}, ${m.role}, ${m.partyStatus}, ${m.deputy})
    SELECT unit_id, NULL AS role, NULL AS party_status, NULL AS deputy, sum(n) AS n,
      max(role = 'secretary') AS secretary
    FROM per_unit GROUP BY unit_id
    UNION ALL
    SELECT NULL, role, party_status, deputy, sum(n), NULL FROM per_unit GROUP BY role, party_status, deputy`);
  const byUnit = new Map<string, CountRow>();
  const roles: RoleCount[] = [];
  for (const r of rows) {
    if (r.unit_id !== null) byUnit.set(r.unit_id, r);
    else roles.push({ role: r.role!, partyStatus: r.party_status, deputy: Boolean(r.deputy), n: Number(r.n) });
  }
  return {
    units: scope.map((u) => {
      const r = byUnit.get(u.id);
      return { unit: u, total: Number(r?.n ?? 0), hasSecretary: Boolean(r?.secretary) };
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
