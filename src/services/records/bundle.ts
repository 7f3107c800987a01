// 导出 <编号> and 导出 <季度> as record books: one meeting's .docx, or a .zip of the .docx of every
// meeting a unit and the units below held in a quarter (cancelled and future ones left out).
import type { FileStore } from '../../contracts/files.js';
import type { Db } from '../../contracts/store.js';
import { meetingsBetween, type Meeting } from '../meetings/meetings.js';
import { quarterBounds } from '../meetings/quarter.js';
import type { UnitTree } from '../org/units.js';
import { recordDocx, recordTitle } from './docx.js';
import { loadRecord, namesOf } from './record.js';

export interface RecordFile {
  title: string;
  bytes: Uint8Array;
}

/** One meeting's record as a .docx. */
export async function meetingRecordFile(
  db: Db,
  tree: UnitTree,
  m: Meeting,
  now: Date,
  store: FileStore | undefined,
): Promise<RecordFile> {
  const record = await loadRecord(db, tree, m, now);
  const who = await namesOf(
    db,
    record.files.map((f) => f.byMemberId),
  );
  return { title: recordTitle(record), bytes: await recordDocx(record, store, who) };
}

/** Meetings of a unit's subtree held (started, not cancelled) in the quarter, oldest first. */
export async function heldInQuarter(
  db: Db,
  tree: UnitTree,
  unitId: string,
  year: number,
  quarter: 1 | 2 | 3 | 4,
  now: Date,
): Promise<Meeting[]> {
  const unit = tree.get(unitId);
  if (!unit) return [];
  const bounds = quarterBounds(year, quarter, unit.timeZone);
  const ids = tree.subtree(unit.id).map((u) => u.id);
  const all = await meetingsBetween(db, ids, bounds.start, bounds.end);
  return all.filter((m) => m.status === 'scheduled' && m.startsAt <= now.getTime());
}

/** The quarter's records: a .zip of one .docx per meeting held. */
export async function quarterRecordsZip(
  db: Db,
  tree: UnitTree,
  unitId: string,
  year: number,
  quarter: 1 | 2 | 3 | 4,
  now: Date,
  store: FileStore | undefined,
): Promise<RecordFile> {
  // Loaded on first use only, like exceljs: no other path needs it.
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  for (const m of await heldInQuarter(db, tree, unitId, year, quarter, now)) {
    const file = await meetingRecordFile(db, tree, m, now, store);
    zip.file(`${file.title}.docx`, file.bytes);
  }
  const unit = tree.get(unitId);
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  return { title: `${unit?.name ?? ''}-${year}年第${quarter}季度会议记录`, bytes };
}
