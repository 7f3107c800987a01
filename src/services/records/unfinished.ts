// Unfinished record books: meetings held (check-in closed, not cancelled) without minutes, or
// whose latest minutes the 主持人 has not confirmed. 本季度 and the weekly digest list them as
// work still to do, beside the meetings still owed.
import type { Db } from '../../contracts/store.js';
import { meetingBriefsBetween, phaseOf, type MeetingBrief } from '../meetings/meetings.js';
import { meetingRef, type MeetingRef } from '../meetings/types.js';
import type { UnitTree } from '../org/units.js';
import { minutesStatus } from './minutes.js';

export interface UnfinishedRecord {
  meeting: MeetingRef;
  unitName: string;
  /** What is missing: the minutes, or the 主持人's confirmation of the latest version. */
  missing: 'minutes' | 'confirmation';
}

/**
 * Held meetings of `unitId` and the units below, within [from, to), whose record is unfinished.
 * `within`: those meetings when the caller has read them already (本季度 reads them once).
 */
export async function unfinishedRecords(
  db: Db,
  tree: UnitTree,
  unitId: string,
  bounds: { start: Date; end: Date },
  now: Date,
  within?: readonly MeetingBrief[],
): Promise<UnfinishedRecord[]> {
  const ids = tree.subtree(unitId).map((u) => u.id);
  const all = within ?? (await meetingBriefsBetween(db, ids, bounds.start, bounds.end));
  const held = all.filter((m) => phaseOf(m, now) === 'closed');
  const status = await minutesStatus(
    db,
    held.map((m) => m.id),
  );
  const out: UnfinishedRecord[] = [];
  for (const m of held) {
    const s = status.get(m.id);
    if (s?.confirmed) continue;
    out.push({
      meeting: meetingRef(m),
      unitName: tree.get(m.unitId)?.name ?? '',
      missing: s ? 'confirmation' : 'minutes',
    });
  }
  return out;
}
