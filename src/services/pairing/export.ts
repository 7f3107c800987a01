import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { members, needs, serviceLogs } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { formatDateTimeISO } from '../../contracts/time.js';
import type { Cell, ExportBook } from '../meetings/export-files.js';
import type { UnitTree } from '../org/units.js';

/** Most rows one export file carries (a district's busiest year is a few thousand visits). */
export const MAX_EXPORT_ROWS = 20_000;

/**
 * Columns of the civil-affairs volunteer service record (志愿服务记录): who, when, where, what,
 * hours, evaluation. "Where" is the need's 片区, never the household's address: the export holds
 * no household personal data, only the volunteers' names.
 */
export const EXPORT_HEADER: string[] = [
  '序号',
  '志愿者',
  '所属组织',
  '服务时间',
  '服务地点（片区）',
  '服务类型',
  '服务内容',
  '服务时长（小时）',
  '需求编号',
  '住户评价',
];

/** A time range of service records; null ends are open (全部). Read from chat in commands/pairing/period.ts. */
export interface Period {
  start: Date | null;
  end: Date | null;
}

/** Service records of needs in `unitIds` within `period`, as a one-sheet book (CSV and XLSX of 服务导出). */
export async function serviceRecordsBook(
  db: Db,
  tree: UnitTree,
  unitIds: string[],
  period: Period,
  tz: string,
  title: string,
): Promise<{ book: ExportBook; rows: number; truncated: boolean }> {
  // Only entries that count: a long one waiting for 确认服务 is no service record yet.
  const conditions = [inArray(needs.unitId, unitIds), eq(serviceLogs.pending, false)];
  if (period.start) conditions.push(gte(serviceLogs.at, period.start.getTime()));
  if (period.end) conditions.push(lt(serviceLogs.at, period.end.getTime()));
  const rows = await db
    .select({
      log: serviceLogs,
      volunteer: members.name,
      volunteerUnit: members.unitId,
      need: { id: needs.id, type: needs.type, area: needs.area, unitId: needs.unitId, rating: needs.rating },
    })
    .from(serviceLogs)
    .innerJoin(needs, eq(needs.id, serviceLogs.needId))
    .leftJoin(members, eq(members.id, serviceLogs.volunteerId))
    .where(and(...conditions))
    .orderBy(asc(serviceLogs.at), asc(serviceLogs.id))
    .limit(MAX_EXPORT_ROWS + 1);
  const truncated = rows.length > MAX_EXPORT_ROWS;
  const sheet: Cell[][] = [EXPORT_HEADER];
  rows.slice(0, MAX_EXPORT_ROWS).forEach((r, i) => {
    sheet.push([
      i + 1,
      r.volunteer ?? '（已删除）',
      tree.get(r.volunteerUnit)?.name ?? '',
      formatDateTimeISO(new Date(r.log.at), tz),
      r.need.area || tree.get(r.need.unitId)?.name || '',
      r.need.type,
      r.log.content,
      r.log.hours,
      r.need.id,
      r.need.rating === null ? '' : `${r.need.rating}分`,
    ]);
  });
  const book = { title, sheets: [{ name: '志愿服务记录', rows: sheet }] };
  return { book, rows: Math.min(rows.length, MAX_EXPORT_ROWS), truncated };
}
