import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { members, needs, volunteers } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { UnitTree } from '../org/units.js';
import { PAIRED_STATUSES } from './lifecycle.js';
import type { NeedRow } from './needs.js';
import { isNeedType, typeBit } from './skills.js';

/** How many suggestions 结对 shows. */
export const SUGGESTIONS_SHOWN = 5;

/** 2 = same area, 1 = one area contains the other (小区 vs 小区3号楼), 0 = different or unknown. */
export type AreaLevel = 0 | 1 | 2;
/** 2 = free when needed, 1 = unknown (either side gave no time), 0 = not free then. */
export type TimeFit = 0 | 1 | 2;

export interface Suggestion {
  memberId: string;
  /** Null when the member record is gone. */
  name: string | null;
  unitId: string | null;
  area: string;
  skills: string;
  freeMask: number;
  load: number;
  areaLevel: AreaLevel;
  skillFit: boolean;
  timeFit: TimeFit;
}

/** The top of the need's organisation tree: volunteers anywhere in it may be paired with it. */
export function poolUnitIds(tree: UnitTree, unitId: string): string[] {
  let root = tree.get(unitId);
  for (let hops = 0; root?.parentId && hops < 64; hops++) root = tree.get(root.parentId) ?? root;
  return root ? tree.subtree(root.id).map((u) => u.id) : [unitId];
}

/** Every non-empty prefix of an area ("阳光小区3号楼" → "阳", "阳光", …), for the "contains" test. */
function prefixes(area: string): string[] {
  const chars = [...area];
  return chars.map((_, i) => chars.slice(0, i + 1).join(''));
}

/** Highest code point: `area >= a AND area < a + MAX` is "area starts with a" on an index. */
const MAX_CHAR = String.fromCodePoint(0x10ffff);

/**
 * Ranked volunteers for a need: skill fits the need type first (a secretary sends the nurse from
 * the next 小区 before the lawyer next door), then same area, then fewest open pairings, then free
 * at the needed time (ties: longest registered first). DOMAIN.md lists the same criteria; the
 * skill comes first since issue 17. The ranking is one SQL statement (computed keys, ORDER BY, LIMIT).
 *
 * The ranking is staged so the common case touches few rows (see below); the pool is the need's
 * organisation tree.
 */
export async function suggestVolunteers(
  db: Db,
  tree: UnitTree,
  need: NeedRow,
  limit = SUGGESTIONS_SHOWN,
): Promise<Suggestion[]> {
  const bit = isNeedType(need.type) ? typeBit(need.type) : 0;
  const a = need.area;
  const areaLevel = a
    ? sql<number>`CASE WHEN ${volunteers.area} = ${a} THEN 2
        WHEN ${volunteers.area} <> '' AND (substr(${volunteers.area}, 1, length(${a})) = ${a}
          OR substr(${a}, 1, length(${volunteers.area})) = ${volunteers.area}) THEN 1 ELSE 0 END`
    : sql<number>`${0}`; // bound, so ORDER BY does not read it as a column number
  const skillFit = sql<number>`(${volunteers.skillMask} & ${bit}) <> 0`;
  const freeThen = sql`(${volunteers.freeMask} & ${need.timeMask}) <> 0`;
  const timeFit = need.timeMask
    ? sql<number>`CASE WHEN ${volunteers.freeMask} = 0 THEN 1 WHEN ${freeThen} THEN 2 ELSE 0 END`
    : sql<number>`${1}`;
  // Correlated, on needs(volunteer_id, status): computed only for the volunteers a stage keeps.
  const loadN = sql<number>`(SELECT count(*) FROM ${needs} WHERE ${needs.volunteerId} = ${volunteers.memberId}
    AND ${needs.status} IN ${sql.raw(`(${PAIRED_STATUSES.map((st) => `'${st}'`).join(', ')})`)})`;
  const pool = poolUnitIds(tree, need.unitId);
  // Correlated, so only the volunteers a stage keeps are looked up.
  const poolMember = sql`${members.id} = ${volunteers.memberId} AND ${inArray(members.unitId, pool)}`;
  const inPool = sql`EXISTS (SELECT 1 FROM ${members} WHERE ${poolMember})`;

  const rank = (near?: SQL) =>
    db
      .select({
        memberId: volunteers.memberId,
        area: volunteers.area,
        skills: volunteers.skills,
        freeMask: volunteers.freeMask,
        load: loadN,
        areaLevel,
        skillFit,
        timeFit,
      })
      .from(volunteers)
      .where(and(eq(volunteers.active, true), near, inPool))
      .orderBy(
        desc(skillFit),
        desc(areaLevel),
        asc(loadN),
        desc(timeFit),
        asc(volunteers.createdAt),
        asc(volunteers.memberId),
      )
      .limit(limit);
  // Each stage is an upper set of the order (everyone in it outranks everyone outside it), so when
  // a stage holds `limit` volunteers its top `limit` is the answer: skill fits in the same or a
  // related area (found on the area index), then every skill fit, then the whole pool.
  const near = a
    ? or(
        eq(volunteers.area, a),
        and(gte(volunteers.area, a), lt(volunteers.area, a + MAX_CHAR)),
        inArray(volunteers.area, prefixes(a)),
      )
    : undefined;
  const fits = sql`(${volunteers.skillMask} & ${bit}) <> 0`;
  const stages = [near ? and(near, fits) : undefined, fits, undefined].filter((c, i) => c !== undefined || i === 2);
  let rows: Awaited<ReturnType<typeof rank>> = [];
  for (const stage of stages) {
    rows = await rank(stage);
    if (rows.length >= limit) break;
  }
  if (rows.length === 0) return [];

  const people = await db
    .select({ id: members.id, name: members.name, unitId: members.unitId })
    .from(members)
    .where(
      inArray(
        members.id,
        rows.map((r) => r.memberId),
      ),
    );
  const byId = new Map(people.map((p) => [p.id, p]));
  return rows.map((r) => ({
    ...r,
    name: byId.get(r.memberId)?.name ?? null,
    unitId: byId.get(r.memberId)?.unitId ?? null,
    load: Number(r.load),
    areaLevel: Number(r.areaLevel) as AreaLevel,
    skillFit: Boolean(Number(r.skillFit)),
    timeFit: Number(r.timeFit) as TimeFit,
  }));
}
