import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { members, needs, serviceLogs } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { CommandError } from '../../command/errors.js';
import { formatDateTimeISO, fromZoned, quarterOf, zonedParts } from '../../contracts/time.js';
import type { UnitTree } from '../org/units.js';

/** Most rows one export carries (a chat message has to hold it). */
export const MAX_EXPORT_ROWS = 300;

/**
 * Columns of the civil-affairs volunteer service record (志愿服务记录): who, when, where, what,
 * hours, evaluation. "Where" is the need's 片区, never the household's address: the export holds
 * no household personal data, only the volunteers' names.
 */
export const EXPORT_HEADER = ['序号', '志愿者', '所属组织', '服务时间', '服务地点（片区）', '服务类型', '服务内容', '服务时长（小时）', '需求编号', '住户评价'];

export interface Period {
  label: string;
  start: Date | null;
  end: Date | null;
}

/**
 * Reads 本季度 (default), 上季度, 本月, 上月, 全部, 2026-12, 2026年12月, 2026Q4, 2026年第4季度.
 * Null when the words name no period.
 */
export function parsePeriod(text: string | undefined, now: Date, tz: string): Period | null {
  const s = (text ?? '本季度').normalize('NFKC').replace(/\s+/g, '');
  const month = (y: number, m: number): Period => ({
    label: `${y}年${m}月`,
    start: fromZoned({ year: y, month: m, day: 1, hour: 0, minute: 0 }, tz),
    end: fromZoned({ year: y, month: m + 1, day: 1, hour: 0, minute: 0 }, tz),
  });
  const quarter = (y: number, q: number): Period => ({
    label: `${y}年第${q}季度`,
    start: fromZoned({ year: y, month: q * 3 - 2, day: 1, hour: 0, minute: 0 }, tz),
    end: fromZoned({ year: y, month: q * 3 + 1, day: 1, hour: 0, minute: 0 }, tz),
  });
  const p = zonedParts(now, tz);
  const q = quarterOf(now, tz);
  if (s === '全部' || s === 'all') return { label: '全部', start: null, end: null };
  if (s === '本季度' || s === '本季') return quarter(q.year, q.quarter);
  if (s === '上季度' || s === '上季') return q.quarter === 1 ? quarter(q.year - 1, 4) : quarter(q.year, q.quarter - 1);
  if (s === '本月') return month(p.year, p.month);
  if (s === '上月') return p.month === 1 ? month(p.year - 1, 12) : month(p.year, p.month - 1);
  let g = /^(\d{4})(?:-|年)(\d{1,2})月?$/.exec(s);
  if (g && Number(g[2]) >= 1 && Number(g[2]) <= 12) return month(Number(g[1]), Number(g[2]));
  g = /^(\d{4})(?:q|Q|年第?)([1-4])(?:季度?)?$/.exec(s);
  if (g) return quarter(Number(g[1]), Number(g[2]));
  return null;
}

/** One CSV cell: quoted when needed; a leading = + - @ is defused so spreadsheets show it as text. */
export function csvCell(value: string | number | null): string {
  let v = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Service records of needs in `unitIds` within `period`, as CSV text (header first, CRLF lines). */
export async function serviceRecordsCsv(
  db: Db,
  tree: UnitTree,
  unitIds: string[],
  period: Period,
  tz: string,
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const conditions = [inArray(needs.unitId, unitIds)];
  if (period.start) conditions.push(gte(serviceLogs.at, period.start.getTime()));
  if (period.end) conditions.push(lt(serviceLogs.at, period.end.getTime()));
  const rows = await db
    .select({ log: serviceLogs, volunteer: members.name, volunteerUnit: members.unitId, need: { id: needs.id, type: needs.type, area: needs.area, unitId: needs.unitId, rating: needs.rating } })
    .from(serviceLogs)
    .innerJoin(needs, eq(needs.id, serviceLogs.needId))
    .leftJoin(members, eq(members.id, serviceLogs.volunteerId))
    .where(and(...conditions))
    .orderBy(asc(serviceLogs.at), asc(serviceLogs.id))
    .limit(MAX_EXPORT_ROWS + 1);
  const truncated = rows.length > MAX_EXPORT_ROWS;
  const lines = [EXPORT_HEADER.map(csvCell).join(',')];
  rows.slice(0, MAX_EXPORT_ROWS).forEach((r, i) => {
    const where = r.need.area || tree.get(r.need.unitId)?.name || '';
    lines.push(
      [
        i + 1,
        r.volunteer ?? '（已删除）',
        tree.get(r.volunteerUnit)?.name ?? '',
        formatDateTimeISO(new Date(r.log.at), tz),
        where,
        r.need.type,
        r.log.content,
        r.log.hours,
        r.need.id,
        r.need.rating === null ? '' : `${r.need.rating}分`,
      ]
        .map(csvCell)
        .join(','),
    );
  });
  return { csv: lines.join('\r\n'), rows: Math.min(rows.length, MAX_EXPORT_ROWS), truncated };
}

/** Refuses an unreadable period with the forms that work. */
export function requirePeriod(text: string | undefined, now: Date, tz: string): Period {
  const p = parsePeriod(text, now, tz);
  if (!p) throw new CommandError(`时间范围「${(text ?? '').slice(0, 20)}」看不懂，可以写：本季度、上季度、本月、上月、2026-12、2026Q4、全部。`);
  return p;
}
