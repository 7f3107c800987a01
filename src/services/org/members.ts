import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { members } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { MemberRole } from '../../contracts/roles.js';
import { memberByIdentity, type MemberRecord, type Sender } from './identity.js';
import { orgError } from './errors.js';
import { nearestName } from './nearest.js';
import { canSeeRoster, withinScope } from './scope.js';
import type { Unit, UnitTree } from './units.js';

/** Longest member name accepted, in characters. */
export const MAX_MEMBER_NAME_CHARS = 20;

export interface RosterEntry {
  unit: Unit;
  members: MemberRecord[];
}

/** Roster order: officers first, then party members (正式 before 预备), activists, masses. */
const ROLE_ORDER: ReadonlyMap<MemberRole, number> = new Map([
  ['secretary', 0],
  ['committee', 1],
  ['member', 2],
  ['activist', 3],
  ['masses', 4],
]);

/** Members of a unit and of the units below it, grouped by unit; refuses outside the actor's scope. */
export async function roster(db: Db, tree: UnitTree, actor: Sender, unit: Unit): Promise<RosterEntry[]> {
  if (!canSeeRoster(actor, tree, unit.id)) throw orgError('org.roster_forbidden', { unitName: unit.name });
  return unitRoster(db, tree, unit);
}

/** The roster of `unit` and the units below it, unchecked (a verified download link's file). */
export async function unitRoster(db: Db, tree: UnitTree, unit: Unit): Promise<RosterEntry[]> {
  const scope = tree.subtree(unit.id);
  const rows = await db
    .select()
    .from(members)
    .where(
      inArray(
        members.unitId,
        scope.map((u) => u.id),
      ),
    );
  // One pass to group by unit, then a sort per unit: linear in members and units together (a
  // district 党委 over 1,000 branches and 50,000 members must not filter every member per unit).
  const byUnit = new Map<string, MemberRecord[]>(scope.map((u) => [u.id, []]));
  for (const m of rows) byUnit.get(m.unitId!)?.push(m);
  return scope.map((u) => ({ unit: u, members: byUnit.get(u.id)!.sort(rosterOrder) }));
}

/** The collator of the roster order, made once. */
const ZH = new Intl.Collator('zh');
const rank = (r: MemberRole) => ROLE_ORDER.get(r) ?? ROLE_ORDER.size;
const rosterOrder = (a: MemberRecord, b: MemberRecord) =>
  rank(a.role) - rank(b.role) ||
  Number(a.deputy) - Number(b.deputy) ||
  (a.partyStatus ?? '').localeCompare(b.partyStatus ?? '') ||
  ZH.compare(a.name, b.name);

/**
 * Resolves a mention (by platform id) or a plain name to a member, seeing only the members within
 * `scopeUnitId` (null: everyone; see lookupScope) either way: a platform id outside the scope is
 * "not found", exactly like a name outside it, so an officer cannot reach (or learn about) another
 * unit's people by mentioning them. A mention whose id is no member's falls back to its name.
 */
export async function findMember(
  db: Db,
  tree: UnitTree,
  platform: string,
  mention: { id: string; name: string },
  scopeUnitId: string | null,
): Promise<MemberRecord> {
  const name = mention.name.replace(/^@/, '');
  if (mention.id) {
    const byId = await memberByIdentity(db, platform, mention.id);
    if (byId && withinScope(tree, byId, scopeUnitId)) return byId;
    if (byId) throw orgError('org.member_not_found', { name });
  }
  const candidates = await db.select().from(members).where(eq(members.name, name));
  const visible = candidates.filter((m) => withinScope(tree, m, scopeUnitId));
  if (visible.length === 1) return visible[0]!;
  if (visible.length > 1) throw orgError('org.member_ambiguous', { name, count: visible.length });
  // Only a name the asker may see is offered (the same scope as the lookup).
  const all = await db.select({ name: members.name, unitId: members.unitId }).from(members);
  const closest = nearestName(
    name,
    all.filter((m) => withinScope(tree, m, scopeUnitId)).map((m) => m.name),
  );
  throw orgError('org.member_not_found', closest ? { name, closest } : { name });
}

/** Member ids of the officers (书记, 委员) of each unit that has any: who reports and alerts go to. */
export async function officersByUnit(db: Db): Promise<Map<string, string[]>> {
  const officers = await db
    .select({ id: members.id, unitId: members.unitId })
    .from(members)
    .where(and(inArray(members.role, ['secretary', 'committee']), isNotNull(members.unitId)));
  const byUnit = new Map<string, string[]>();
  for (const o of officers) byUnit.set(o.unitId!, [...(byUnit.get(o.unitId!) ?? []), o.id]);
  return byUnit;
}
