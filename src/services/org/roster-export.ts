// The file behind 成员's download link (a 党委's roster is too long for a message): one row per
// member, the units in tree order and their members in roster order, as the chat list was.
import type { Db } from '../../contracts/store.js';
import { unitRoster } from './members.js';
import { titleOf } from './titles.js';
import type { UnitTree } from './units.js';

/**
 * A file's sheets, the shape of ExportBook in src/services/meetings/export-files.ts (declared here:
 * the meetings feature builds on org, so org may not import it).
 */
export interface RosterBook {
  title: string;
  sheets: { name: string; rows: (string | number)[][] }[];
}

/** The roster of `unitId` and everything below it as a sheet; null when the unit is gone. */
export async function rosterBook(db: Db, tree: UnitTree, unitId: string): Promise<RosterBook | null> {
  const unit = tree.get(unitId);
  if (!unit) return null;
  // The link's holder is checked by the download route (src/http/exports.ts) on every download.
  const entries = await unitRoster(db, tree, unit);
  const rows: (string | number)[][] = [['序号', '组织', '上级组织', '姓名', '角色']];
  for (const e of entries) {
    const above = e.unit.parentId ? tree.path(e.unit.parentId) : '';
    for (const m of e.members)
      rows.push([rows.length, e.unit.name, above, m.name, titleOf(m.role, m.partyStatus, m.deputy)]);
  }
  return { title: `${unit.name}-成员名册`, sheets: [{ name: '成员名册', rows }] };
}
