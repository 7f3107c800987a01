// The record-book shaped tables behind 导出, and their CSV and XLSX encodings.
import { inArray } from 'drizzle-orm';
import { members } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { titleOf } from '../org/titles.js';
import { formatDateTimeISO } from '../../contracts/time.js';
import { meetingRoll, type Attended, type MeetingRoll, type Person } from './attendance.js';
import { meetingsBetween } from './meetings.js';
import { quarterBounds, quarterReport } from './quarter.js';
import { zoneOf } from './scope.js';
import type { MakeupStatus, Meeting, MeetingType } from './types.js';
import type { UnitTree } from '../org/units.js';

export type Cell = string | number;

export interface Sheet {
  name: string;
  rows: Cell[][];
}

/** A file's sheets; the CSV holds the first one. */
export interface ExportBook {
  /** File name without extension (may contain Chinese). */
  title: string;
  sheets: Sheet[];
}

// The record book's words for a meeting type and a 补签 status (a document, so they live where it is built).
export const TYPE_HEADING: Readonly<Record<MeetingType, string>> = {
  general_assembly: '党员大会',
  committee_meeting: '支委会',
  group_meeting: '党小组会',
  lecture: '党课',
  theme_day: '主题党日',
  volunteer: '志愿活动',
  other: '其他',
};
const MAKEUP_HEADING: Readonly<Record<MakeupStatus, string>> = {
  pending: '待审批',
  approved: '已批准',
  rejected: '已驳回',
};

/** The record book's 时间: "2026-12-15 15:00", with its end when one was given ("…15:00-17:00"). */
function timeCell(m: Pick<Meeting, 'startsAt' | 'endsAt'>, tz: string): string {
  const start = formatDateTimeISO(new Date(m.startsAt), tz);
  if (m.endsAt === null) return start;
  const end = formatDateTimeISO(new Date(m.endsAt), tz);
  return end.slice(0, 10) === start.slice(0, 10) ? `${start}-${end.slice(11)}` : `${start} - ${end}`;
}

const names = (list: { name: string }[]): string => list.map((p) => p.name).join('、');
const withReason = (list: { name: string; reason: string | null }[]): string =>
  list.map((p) => (p.reason ? `${p.name}（${p.reason}）` : p.name)).join('、');

/** Header of the record-book row of one meeting. */
export const MEETING_RECORD_HEADER = [
  '编号',
  '组织',
  '时间',
  '地点',
  '类型',
  '标题',
  '主持人',
  '记录人',
  '主讲人',
  '应到(正式)',
  '应到(预备)',
  '实到人数',
  '实到',
  '请假及原因',
  '缺席及原因',
  '迟到',
  '代签',
  '补签',
  '列席',
  '法定人数',
];

/** 法定人数: present of expected 正式党员, the verdict only once the meeting has ended. */
function quorumCell(q: NonNullable<MeetingRoll['quorum']>): string {
  const verdict = q.ok === null ? '会议结束后判断' : q.ok ? '超过半数' : '不足半数';
  return `到会正式党员 ${q.formalPresent}/${q.formalExpected}，${verdict}`;
}

/** Where a meeting stands, in the record book's words. */
export function stateHeading(roll: Pick<MeetingRoll, 'ended' | 'phase' | 'meeting' | 'at'>): string {
  if (roll.phase === 'cancelled') return '已取消';
  if (roll.ended) return '已召开';
  return roll.meeting.startsAt <= roll.at.getTime() ? '进行中' : '未开始';
}

/** One meeting: the record-book row, then one row per person. */
export async function meetingBook(db: Db, tree: UnitTree, m: Meeting, now: Date): Promise<ExportBook> {
  const unit = tree.get(m.unitId);
  const tz = zoneOf(tree, m.unitId);
  const roll = await meetingRoll(db, tree, m, now);
  const staff = await peopleById(db, [m.hostMemberId, m.recorderMemberId, m.speakerMemberId]);
  const lateText = roll.late.map((a) => `${a.name}（${Math.ceil((a.row.at - m.startsAt) / 60_000)}分钟）`).join('、');
  const quorum = roll.quorum ? quorumCell(roll.quorum) : '';
  const record: Cell[] = [
    m.id,
    unit?.name ?? '',
    timeCell(m, tz),
    m.place ?? '',
    TYPE_HEADING[m.type],
    m.title,
    staff.get(m.hostMemberId ?? '') ?? '',
    staff.get(m.recorderMemberId ?? '') ?? '',
    staff.get(m.speakerMemberId ?? '') ?? '',
    roll.formal,
    roll.probationary,
    roll.present.length,
    names(roll.present),
    withReason(roll.leave.map((a) => ({ name: a.name, reason: a.row.reason }))),
    withReason(roll.absent),
    lateText,
    names(roll.proxy),
    withReason(roll.makeup.map((a) => ({ name: a.name, reason: a.row.reason }))),
    names(roll.guests),
    quorum,
  ];
  // Before the end nobody is 缺席: who has not come yet is 未签到.
  const missing = roll.ended ? '缺席' : '未签到';
  const status = (a: Attended | undefined, expected: boolean): string => {
    if (!a) return expected ? missing : '';
    if (a.row.status === 'leave') return '请假';
    if (a.row.status === 'absent') return missing;
    if (!expected) return '列席';
    return a.row.late ? '迟到' : '实到';
  };
  const rows = new Map<string, Attended>([...roll.present, ...roll.leave, ...roll.guests].map((a) => [a.id, a]));
  const detail: Cell[][] = [['姓名', '组织', '身份', '计入应到', '状态', '签到时间', '方式', '原因']];
  const everyone: (Person & { expected: boolean })[] = [
    ...roll.expected.map((p) => ({ ...p, expected: true })),
    ...roll.guests.map((p) => ({ ...p, expected: false })),
  ];
  for (const p of everyone) {
    const a = rows.get(p.id);
    const absentReason = [...roll.absent, ...roll.notYet].find((x) => x.id === p.id)?.reason ?? '';
    detail.push([
      p.name,
      tree.get(p.unitId)?.name ?? '',
      titleOf(p.role, p.partyStatus, p.deputy),
      p.expected ? '是' : '否',
      status(a, p.expected),
      a && a.row.status === 'present' ? formatDateTimeISO(new Date(a.row.at), tz) : '',
      a?.row.method === 'proxy'
        ? '代签'
        : a?.row.method === 'makeup'
          ? '补签'
          : a?.row.status === 'present'
            ? '本人'
            : '',
      a?.row.reason ?? absentReason,
    ]);
  }
  const requests: Cell[][] = [['申请号', '姓名', '原因', '状态', '审批意见']];
  for (const r of roll.requests) requests.push([r.id, r.name, r.reason, MAKEUP_HEADING[r.status], r.note ?? '']);
  return {
    title: `会议${m.id}-${TYPE_HEADING[m.type]}-${formatDateTimeISO(new Date(m.startsAt), tz).slice(0, 10)}`,
    sheets: [
      { name: '会议记录', rows: [MEETING_RECORD_HEADER, record] },
      { name: '签到明细', rows: detail },
      { name: '补签申请', rows: requests },
    ],
  };
}

async function peopleById(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = ids.filter((x): x is string => !!x);
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: members.id, name: members.name }).from(members).where(inArray(members.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Header of the per-member quarter sheet. */
export const QUARTER_MEMBER_HEADER = [
  '组织',
  '姓名',
  '身份',
  '应到',
  '实到',
  '迟到',
  '请假',
  '缺席',
  '代签',
  '补签',
  '出勤率',
  '连续缺席',
];

/** One quarter of a unit and everything below it: one row per member, then the meetings. */
export async function quarterBook(
  db: Db,
  tree: UnitTree,
  unitId: string,
  year: number,
  quarter: 1 | 2 | 3 | 4,
  now: Date,
): Promise<ExportBook> {
  const unit = tree.get(unitId)!;
  const bounds = quarterBounds(year, quarter, unit.timeZone);
  const report = await quarterReport(db, tree, unit, bounds, now);
  const people = report.people
    .slice()
    .sort(
      (a, b) =>
        tree.path(a.unitId ?? '').localeCompare(tree.path(b.unitId ?? ''), 'zh') || a.name.localeCompare(b.name, 'zh'),
    );
  const memberRows: Cell[][] = [QUARTER_MEMBER_HEADER];
  for (const p of people) {
    const t = report.tallies.get(p.id)!;
    const rate = t.expected ? `${Math.round((t.present / t.expected) * 100)}%` : '';
    memberRows.push([
      tree.get(p.unitId)?.name ?? '',
      p.name,
      titleOf(p.role, p.partyStatus, p.deputy),
      t.expected,
      t.present,
      t.late,
      t.leave,
      t.absent,
      t.proxy,
      t.makeup,
      rate,
      report.streaks.get(p.id) ?? 0,
    ]);
  }
  const meetingRows: Cell[][] = [
    ['编号', '组织', '时间', '类型', '标题', '地点', '状态', '应到', '实到', '请假', '缺席', '迟到'],
  ];
  const all = await meetingsBetween(
    db,
    tree.subtree(unit.id).map((u) => u.id),
    bounds.start,
    bounds.end,
  );
  for (const m of all) {
    const tz = tree.get(m.unitId)?.timeZone ?? unit.timeZone;
    const base: Cell[] = [
      m.id,
      tree.get(m.unitId)?.name ?? '',
      timeCell(m, tz),
      TYPE_HEADING[m.type],
      m.title,
      m.place ?? '',
    ];
    if (m.status === 'cancelled') {
      meetingRows.push([...base, '已取消', '', '', '', '', '']);
      continue;
    }
    const roll = await meetingRoll(db, tree, m, now);
    // 缺席 is left blank (not 0) while the meeting has not ended: nothing is known of it yet.
    meetingRows.push([
      ...base,
      stateHeading(roll),
      roll.expected.length,
      roll.present.length,
      roll.leave.length,
      roll.ended ? roll.absent.length : '',
      roll.late.length,
    ]);
  }
  const required: Cell[][] = [['组织', '类型', '已召开', '已安排', '应召开']];
  for (const u of report.units) {
    for (const c of u.counts) required.push([u.unit.name, TYPE_HEADING[c.type], c.held, c.scheduled, c.required]);
  }
  return {
    title: `${unit.name}-${year}年第${quarter}季度考勤`,
    sheets: [
      { name: '季度考勤', rows: memberRows },
      { name: '会议', rows: meetingRows },
      { name: '三会一课', rows: required },
    ],
  };
}

/** CSV of the first sheet: UTF-8 with a BOM (so Excel reads Chinese), CRLF, formula-safe. */
export function toCsv(book: ExportBook): string {
  const cell = (v: Cell): string => {
    if (typeof v === 'number') return String(v);
    // A leading = + - @ would run as a formula in a spreadsheet: neutralise it.
    const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + book.sheets[0]!.rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** XLSX of every sheet, with a bold header row and readable column widths. */
export async function toXlsx(book: ExportBook): Promise<Uint8Array> {
  // Loaded on first export only: exceljs is large and no other path needs it.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '先锋助手';
  for (const sheet of book.sheets) {
    const ws = wb.addWorksheet(sheet.name);
    for (const row of sheet.rows) ws.addRow(row);
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    ws.columns.forEach((col, i) => {
      const widest = Math.max(...sheet.rows.map((r) => String(r[i] ?? '').length));
      col.width = Math.min(60, Math.max(8, widest * 2 + 2));
    });
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
