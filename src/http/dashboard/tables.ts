// The tables of the dashboard's pages, built once from the figures: the HTML shows them and each
// downloads as XLSX with the same headings and cells (documents, so their words live here).
import type { BranchFigures } from '../../services/dashboard/branch.js';
import type { CommitteeRows, RowFigures } from '../../services/dashboard/rows.js';
import type { MeetingType } from '../../services/meetings/types.js';
import type { NeedStatus } from '../../services/pairing/lifecycle.js';

export type Cell = string | number;

export interface Table {
  /** URL name of its XLSX download. */
  key: string;
  title: string;
  headers: string[];
  /** Columns holding numbers (right-aligned, sortable as numbers). */
  numeric: number[];
  rows: Cell[][];
  /** Shown instead of an empty table. */
  empty: string;
}

export const TYPE_NAMES: Readonly<Record<MeetingType, string>> = {
  general_assembly: '党员大会',
  committee_meeting: '支委会',
  group_meeting: '党小组会',
  lecture: '党课',
  theme_day: '主题党日',
  volunteer: '志愿活动',
  other: '其他',
};

export const NEED_STATE_NAMES: Readonly<Record<NeedStatus, string>> = {
  open: '待派单',
  assigned: '已派单',
  accepted: '已接单',
  in_service: '服务中',
  rated: '已评价',
  closed: '已结案',
};

/**
 * '2026-11-28 15:00' in `tz` (as formatDateTimeISO writes it) from one Intl formatter: building
 * one per date, as contracts/time.ts does, is slow for a 党委 page's thousand rows.
 */
function timeFormatter(tz: string): (ms: number) => string {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const seen = new Map<number, string>();
  return (ms) => {
    let s = seen.get(ms);
    if (s === undefined) {
      const p: Record<string, string> = {};
      for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
      seen.set(ms, (s = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`));
    }
    return s;
  };
}

/** A share as a percentage with one decimal, or '—'. */
export const pct = (x: number | null): Cell => (x === null ? '—' : Math.round(x * 1000) / 10);
const hours = (x: number | null): Cell => (x === null ? '—' : Math.round(x * 10) / 10);

/** The branch page's tables, in page order. */
export function branchTables(f: BranchFigures): Table[] {
  const when = timeFormatter(f.timeZone);
  const day = (ms: number) => when(ms).slice(5, 10);
  const tables: Table[] = [
    {
      key: 'quarter',
      title: `${f.quarter.year}年第${f.quarter.quarter}季度 三会一课`,
      headers: ['组织', '会议类型', '应开', '已开', '已安排', '还差'],
      numeric: [2, 3, 4, 5],
      rows: f.quarter.units.flatMap((u) =>
        u.counts.map((c) => [
          u.name,
          TYPE_NAMES[c.type],
          c.required,
          c.held,
          c.scheduled,
          Math.max(0, c.required - c.held),
        ]),
      ),
      empty: '本季度没有需要统计的会议。',
    },
    {
      key: 'attendance',
      title: '近 12 个月会议出席',
      headers: ['编号', '时间', '类型', '标题', '应到', '实到', '请假', '迟到', '出席率(%)'],
      numeric: [0, 4, 5, 6, 7, 8],
      rows: f.attendance.meetings.map((m) => [
        m.id,
        when(m.startsAt),
        TYPE_NAMES[m.type],
        m.title,
        m.expected,
        m.present,
        m.leave,
        m.late,
        pct(m.rate),
      ]),
      empty: '近 12 个月没有已结束的会议。',
    },
    {
      key: 'absent',
      title: '经常缺席（近 12 个月无故缺席 2 次及以上，或连续缺席）',
      headers: ['姓名', '应到', '实到', '请假', '缺席', '连续缺席', '请假和缺席原因'],
      numeric: [1, 2, 3, 4, 5],
      rows: f.attendance.oftenAbsent.map((p) => [
        p.name,
        p.expected,
        p.present,
        p.leave,
        p.absent,
        p.streak,
        p.reasons.map((r) => `${day(r.at)} ${r.status === 'leave' ? '请假' : '缺席'}：${r.reason}`).join('；'),
      ]),
      empty: '没有经常缺席的成员。',
    },
    {
      key: 'notices',
      title: '近 12 个月通知回执',
      headers: ['编号', '发布时间', '通知', '应确认', '已确认', '确认率(%)', '确认用时中位数(小时)'],
      numeric: [0, 3, 4, 5, 6],
      rows: f.notices.notices.map((n) => [
        n.id,
        when(n.publishAt),
        n.excerpt,
        n.expected,
        n.confirmed,
        pct(n.rate),
        hours(n.medianHours),
      ]),
      empty: '近 12 个月没有发给本组织的通知。',
    },
    {
      key: 'confirmers',
      title: '确认最慢的成员',
      headers: ['姓名', '应确认', '已确认', '未确认', '确认用时中位数(小时)'],
      numeric: [1, 2, 3, 4],
      rows: f.notices.slowest.map((p) => [p.name, p.expected, p.confirmed, p.unconfirmed, hours(p.medianHours)]),
      empty: '没有需要确认的通知。',
    },
    {
      key: 'hours',
      title: '志愿服务时长（按月）',
      headers: ['月份', '服务时长(小时)', '服务次数'],
      numeric: [1, 2],
      rows: f.hours.map((m) => [m.key, m.hours, m.visits]),
      empty: '',
    },
    {
      key: 'needs',
      title: '结对需求（按状态）',
      headers: ['状态', '数量'],
      numeric: [1],
      rows: (Object.keys(NEED_STATE_NAMES) as NeedStatus[]).map((s) => [NEED_STATE_NAMES[s], f.needs[s]]),
      empty: '',
    },
  ];
  if (f.dues) {
    const d = f.dues;
    tables.push({
      key: 'dues',
      title: `${d.month} 党费`,
      headers: ['月份', '应交人数', '已交', '未交', '已交金额(元)'],
      numeric: [1, 2, 3, 4],
      rows: [[d.month, d.members, d.paid, d.unpaid, d.paidFen / 100]],
      empty: '',
    });
  }
  return tables;
}

/** A figure of a 党委 row the page colours by how far behind it is. */
export type Behind = 'behind' | 'attendanceRate' | 'unconfirmed' | 'openNeeds' | 'duesUnpaid';

/** The 党委 page's table: one row per branch; rows not computed yet show '计算中'. */
export function committeeTable(r: CommitteeRows, tz: string): Table & { colour: (Behind | null)[] } {
  const dues = r.rows.some((row) => row.figures?.duesUnpaid != null);
  const parents = r.rows.some((row) => row.parentName);
  type Column = { header: string; colour: Behind | null; cell: (f: RowFigures) => Cell };
  const columns: Column[] = [
    { header: '本季度还差会议', colour: 'behind', cell: (f) => f.owed },
    { header: '近 12 个月出席率(%)', colour: 'attendanceRate', cell: (f) => pct(f.attendanceRate) },
    { header: '近 30 天未确认回执', colour: 'unconfirmed', cell: (f) => f.unconfirmed },
    { header: '待派单需求', colour: 'openNeeds', cell: (f) => f.openNeeds },
  ];
  if (dues) columns.push({ header: '本月未交党费', colour: 'duesUnpaid', cell: (f) => f.duesUnpaid ?? '—' });
  const lead = parents ? ['支部', '所属'] : ['支部'];
  const when = timeFormatter(tz);
  return {
    key: 'branches',
    title: `${r.unit.name} 下属支部`,
    headers: [...lead, ...columns.map((c) => c.header), '更新时间'],
    numeric: columns.map((_, i) => lead.length + i),
    colour: [...lead.map(() => null), ...columns.map((c) => c.colour), null],
    rows: r.rows.map((row) => {
      const f = row.figures;
      const cells: Cell[] = parents ? [row.name, row.parentName ?? ''] : [row.name];
      if (!f) return [...cells, ...columns.map(() => '计算中'), ''];
      const at = row.computedAt === null ? '' : when(row.computedAt);
      return [...cells, ...columns.map((c) => c.cell(f)), at];
    }),
    empty: '下面没有支部。',
  };
}
