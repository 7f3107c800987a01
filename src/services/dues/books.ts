// The files of 导出 党费: the data of a period, and its XLSX ledger (documents: their headings live
// here, where they are built). The DOCX notice is in documents.ts. No file holds a base.
import type { Db } from '../../contracts/store.js';
import { formatDateTimeISO } from '../../contracts/time.js';
import type { Keyring } from '../crypto.js';
import type { ExportBook, Sheet } from '../meetings/export-files.js';
import type { Unit, UnitTree } from '../org/units.js';
import { periodMonths, type DuesPeriod } from './links.js';
import { monthKey, monthNumber, monthOf, monthRange, type Month } from './months.js';
import { unitPayments, type PaymentRow } from './payments.js';
import { unitDues, type MemberDues } from './roll.js';
import type { MonthState } from './statement.js';
import { yuan } from './tiers.js';

/** Everything a period's files show. */
export interface PeriodData {
  unit: Unit;
  period: DuesPeriod;
  months: Month[];
  people: MemberDues[];
  payments: PaymentRow[];
  /** When the files were made. */
  now: Date;
}

export async function periodData(
  db: Db,
  ring: Keyring,
  tree: UnitTree,
  unit: Unit,
  period: DuesPeriod,
  now: Date,
): Promise<PeriodData> {
  const { from, to } = periodMonths(period);
  const [all, payments] = await Promise.all([
    unitDues(db, ring, tree, unit, from, to),
    unitPayments(db, unit.id, from, to),
  ]);
  // Months still to come are not owed yet: they show only when paid in advance (预交).
  const current = monthOf(now, unit.timeZone);
  const people = all.map((d) => ({ ...d, lines: d.lines.filter((l) => l.month <= current || l.state === 'paid') }));
  return { unit, period, months: monthRange(from, to), people, payments, now };
}

/** The title of a period's files: 「第一支部」2026年第4季度党费 / 2026年度党费. */
export function periodTitle(unit: Unit, p: DuesPeriod): string {
  return p.kind === 'quarter' ? `${unit.name}${p.year}年第${p.quarter}季度党费` : `${unit.name}${p.year}年度党费`;
}

/** What a month's cell says in the ledger and the notice. */
export const STATE_WORD: Readonly<Record<MonthState | 'none', string>> = {
  paid: '已交',
  short: '未交足',
  unpaid: '未交',
  exempt: '免交',
  none: '—',
};

/** The state of each month of the period for one member ('none' where they owed nothing yet). */
export function monthStates(d: MemberDues, months: readonly Month[]): (MonthState | 'none')[] {
  return months.map((m) => d.lines.find((l) => l.month === m)?.state ?? 'none');
}

/** Per month: how many owed, how many paid in full, what was asked and what came in. */
export function monthTotals(
  data: PeriodData,
): { month: Month; owing: number; paid: number; due: number; in: number }[] {
  return data.months.map((month) => {
    const lines = data.people.flatMap((d) => d.lines.filter((l) => l.month === month));
    return {
      month,
      owing: lines.filter((l) => l.state !== 'exempt').length,
      paid: lines.filter((l) => l.state === 'paid').length,
      due: lines.reduce((s, l) => s + l.dueCents, 0),
      in: lines.reduce((s, l) => s + l.paidCents, 0),
    };
  });
}

function ledgerSheet(data: PeriodData): Sheet {
  const rows: (string | number)[][] = [['姓名', '月份', '应交(元)', '实交(元)', '状态']];
  for (const d of data.people)
    for (const l of d.lines)
      rows.push([d.member.name, monthKey(l.month), yuan(l.dueCents), yuan(l.paidCents), STATE_WORD[l.state]]);
  return { name: '台账', rows };
}

function gridSheet(data: PeriodData): Sheet {
  const head = ['姓名', ...data.months.map((m) => `${monthNumber(m)}月`), '已交月数', '欠交月数'];
  const rows: (string | number)[][] = [head];
  for (const d of data.people) {
    const states = monthStates(d, data.months);
    rows.push([
      d.member.name,
      ...states.map((s) => STATE_WORD[s]),
      states.filter((s) => s === 'paid').length,
      states.filter((s) => s === 'unpaid' || s === 'short').length,
    ]);
  }
  return { name: data.period.kind === 'year' ? '年度汇总' : '公示', rows };
}

function totalsSheet(data: PeriodData): Sheet {
  const rows: (string | number)[][] = [['月份', '应交人数', '已交人数', '应收(元)', '实收(元)']];
  let due = 0;
  let got = 0;
  for (const t of monthTotals(data)) {
    rows.push([monthKey(t.month), t.owing, t.paid, yuan(t.due), yuan(t.in)]);
    due += t.due;
    got += t.in;
  }
  rows.push(['合计', '', '', yuan(due), yuan(got)]);
  return { name: '汇总', rows };
}

function paymentsSheet(data: PeriodData, tz: string): Sheet {
  const names = new Map(data.people.map((d) => [d.member.id, d.member.name]));
  const rows: (string | number)[][] = [
    ['编号', '姓名', '月份', '金额(元)', '代交', '代交人', '记录时间', '撤销时间', '撤销原因'],
  ];
  for (const p of data.payments) {
    rows.push([
      p.id,
      names.get(p.memberId) ?? p.memberId,
      monthKey(p.month),
      yuan(p.amountCents),
      p.proxy ? '是' : '',
      p.proxyName ?? '',
      formatDateTimeISO(new Date(p.recordedAt), tz),
      p.reversedAt === null ? '' : formatDateTimeISO(new Date(p.reversedAt), tz),
      p.reversalReason ?? '',
    ]);
  }
  return { name: '缴费记录', rows };
}

/** The XLSX of a period: the grid (公示 or 年度汇总), the monthly totals, the ledger and every payment. */
export function periodBook(data: PeriodData): ExportBook {
  return {
    title: periodTitle(data.unit, data.period),
    sheets: [gridSheet(data), totalsSheet(data), ledgerSheet(data), paymentsSheet(data, data.unit.timeZone)],
  };
}
