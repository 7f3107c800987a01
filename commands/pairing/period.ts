import { CommandError } from '../../src/command/errors.js';
import { fromZoned, quarterOf, zonedParts } from '../../src/contracts/time.js';
import type { Period } from '../../src/services/pairing/export.js';
import { readQuarter } from '../shared/quarter.js';
import { PARSE_TEXT } from './replies.js';

/** A period of 服务导出 as read, with how it is named in replies and the audit log. */
export interface NamedPeriod extends Period {
  label: string;
}

/** What 服务导出 covers when no period is given. */
export const DEFAULT_PERIOD = '本季度';

const THIS_MONTH: ReadonlySet<string> = new Set(['本月', '这个月', '这月', '当月', '本月份']);
const LAST_MONTH: ReadonlySet<string> = new Set(['上月', '上个月', '上一个月', '上月份']);
const MONTH_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/**
 * Reads 本季度 (default), 上季度, 本月, 上月 (上个月), 12月 (十二月), 今年, 去年, 2026年, 全部, 2026-12,
 * 2026年12月, 2026Q4, 2026年第4季度, 2026年第四季度, 第四季度, Q4.
 * Null when the words name no period.
 */
export function parsePeriod(text: string | undefined, now: Date, tz: string): NamedPeriod | null {
  const s = (text ?? DEFAULT_PERIOD).normalize('NFKC').replace(/\s+/g, '');
  const month = (y: number, m: number): NamedPeriod => ({
    label: `${y}年${m}月`,
    start: fromZoned({ year: y, month: m, day: 1, hour: 0, minute: 0 }, tz),
    end: fromZoned({ year: y, month: m + 1, day: 1, hour: 0, minute: 0 }, tz),
  });
  const quarter = (y: number, q: number): NamedPeriod => ({
    label: `${y}年第${q}季度`,
    start: fromZoned({ year: y, month: q * 3 - 2, day: 1, hour: 0, minute: 0 }, tz),
    end: fromZoned({ year: y, month: q * 3 + 1, day: 1, hour: 0, minute: 0 }, tz),
  });
  const year = (y: number): NamedPeriod => ({
    label: `${y}年`,
    start: fromZoned({ year: y, month: 1, day: 1, hour: 0, minute: 0 }, tz),
    end: fromZoned({ year: y + 1, month: 1, day: 1, hour: 0, minute: 0 }, tz),
  });
  const p = zonedParts(now, tz);
  const q = quarterOf(now, tz);
  if (s === '全部' || s === 'all') return { label: '全部', start: null, end: null };
  if (s === '本季度' || s === '本季') return quarter(q.year, q.quarter);
  if (s === '上季度' || s === '上季') return q.quarter === 1 ? quarter(q.year - 1, 4) : quarter(q.year, q.quarter - 1);
  if (THIS_MONTH.has(s)) return month(p.year, p.month);
  if (LAST_MONTH.has(s)) return p.month === 1 ? month(p.year - 1, 12) : month(p.year, p.month - 1);
  if (s === '今年' || s === '本年' || s === '本年度') return year(p.year);
  if (s === '去年' || s === '上年' || s === '上年度') return year(p.year - 1);
  let g = /^(\d{4})年(?:度)?$/.exec(s);
  if (g) return year(Number(g[1]));
  g = /^(\d{4})(?:-|年)(\d{1,2})月?$/.exec(s);
  if (g && Number(g[2]) >= 1 && Number(g[2]) <= 12) return month(Number(g[1]), Number(g[2]));
  // "12月", "十一月", "11月份": the latest such month that has begun (in February, 12月 is last December).
  const m = /^(\d{1,2}|[一二三四五六七八九十]|十[一二])月份?$/.exec(s);
  const n = m ? (/^\d/.test(m[1]!) ? Number(m[1]) : MONTH_NUMERALS.indexOf(m[1]!) + 1) : 0;
  if (n >= 1 && n <= 12) return month(n > p.month ? p.year - 1 : p.year, n);
  // 2026Q4, 2026年第四季度, 第四季度, Q4, 去年第四季度 (commands/shared/quarter.ts).
  const named = readQuarter(s, now, tz);
  return named && !named.month ? quarter(named.year, named.quarter) : null;
}

/** Refuses an unreadable period with the forms that work. */
export function requirePeriod(text: string | undefined, now: Date, tz: string): NamedPeriod {
  const p = parsePeriod(text, now, tz);
  if (!p) throw new CommandError(PARSE_TEXT.period(text ?? ''));
  return p;
}
