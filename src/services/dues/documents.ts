// The one-page DOCX of 导出 党费: the quarter's 公示 for the notice board (names and months, no
// amounts per person, no bases) or the year's summary for the 支部大会. Built with the `docx`
// package, loaded on first use like exceljs.
import { zonedParts } from '../../contracts/time.js';
import { monthStates, monthTotals, periodTitle, STATE_WORD, type PeriodData } from './books.js';
import { monthNumber } from './months.js';
import { monthsBehind } from './statement.js';
import { yuan } from './tiers.js';

/** Up to this many members a notice lists one per row; more go two per row, to stay on one page. */
export const NOTICE_ONE_COLUMN_MAX = 30;
/** 五号 (10.5 pt) body and 小四 cells below it, in half-points; 三号 title. */
const BODY_SIZE = 21;
const CELL_SIZE = 18;
const TITLE_SIZE = 32;

type Docx = typeof import('docx');

function cell(d: Docx, text: string, bold = false) {
  return new d.TableCell({
    children: [
      new d.Paragraph({
        alignment: d.AlignmentType.CENTER,
        children: [new d.TextRun({ text, bold, size: CELL_SIZE })],
      }),
    ],
  });
}

function table(d: Docx, rows: string[][]) {
  return new d.Table({
    width: { size: 100, type: d.WidthType.PERCENTAGE },
    rows: rows.map((r, i) => new d.TableRow({ tableHeader: i === 0, children: r.map((t) => cell(d, t, i === 0)) })),
  });
}

function para(d: Docx, text: string, opts: { size?: number; bold?: boolean; center?: boolean; right?: boolean } = {}) {
  return new d.Paragraph({
    alignment: opts.center ? d.AlignmentType.CENTER : opts.right ? d.AlignmentType.RIGHT : d.AlignmentType.LEFT,
    spacing: { after: 120 },
    children: [new d.TextRun({ text, bold: opts.bold, size: opts.size ?? BODY_SIZE })],
  });
}

/** A header and rows, two rows side by side when there are many (to stay on one page). */
function halves(head: string[], body: string[][]): string[][] {
  if (body.length <= NOTICE_ONE_COLUMN_MAX) return [head, ...body];
  const half = Math.ceil(body.length / 2);
  const rows = [[...head, ...head]];
  for (let i = 0; i < half; i++) rows.push([...body[i]!, ...(body[i + half] ?? head.map(() => ''))]);
  return rows;
}

/**
 * Names and per-month words. Members without a base recorded owe nothing the ledger knows of: the
 * officers' list names them instead.
 */
function noticeRows(data: PeriodData): string[][] {
  const head = ['姓名', ...data.months.map((m) => `${monthNumber(m)}月`)];
  const people = data.people.filter((p) => p.history.length > 0);
  return halves(
    head,
    people.map((p) => [p.member.name, ...monthStates(p, data.months).map((s) => STATE_WORD[s])]),
  );
}

function dateLine(now: Date, tz: string): string {
  const p = zonedParts(now, tz);
  return `${p.year}年${p.month}月${p.day}日`;
}

function quarterChildren(d: Docx, data: PeriodData) {
  const totals = monthTotals(data);
  const owing = totals.reduce((s, t) => s + t.owing, 0);
  const paid = totals.reduce((s, t) => s + t.paid, 0);
  const collected = totals.reduce((s, t) => s + t.in, 0);
  return [
    para(d, `${periodTitle(data.unit, data.period)}收缴情况公示`, { size: TITLE_SIZE, bold: true, center: true }),
    para(
      d,
      `根据《关于中国共产党党费收缴、使用和管理的规定》，现将本支部${data.period.year}年第` +
        `${data.period.kind === 'quarter' ? data.period.quarter : ''}季度党员交纳党费情况公示如下：`,
    ),
    table(d, noticeRows(data)),
    para(d, `本季度应交 ${owing} 人次，已交 ${paid} 人次；共收缴党费 ${yuan(collected)} 元。`),
    para(d, '如有疑问，请与支部组织委员联系。'),
    para(d, data.unit.name, { right: true }),
    para(d, dateLine(data.now, data.unit.timeZone), { right: true }),
  ];
}

function yearChildren(d: Docx, data: PeriodData) {
  const totals = monthTotals(data);
  const rows = [['月份', '应交人数', '已交人数', '收缴金额(元)']];
  for (const t of totals) rows.push([`${monthNumber(t.month)}月`, String(t.owing), String(t.paid), yuan(t.in)]);
  const collected = totals.reduce((s, t) => s + t.in, 0);
  rows.push(['合计', '', '', yuan(collected)]);
  const behind = data.people
    .map((p) => ({ name: p.member.name, months: monthsBehind(p.lines) }))
    .filter((p) => p.months > 0)
    .map((p) => `${p.name}（连续 ${p.months} 个月）`);
  const owed = (p: PeriodData['people'][number]) =>
    p.lines.filter((l) => l.state === 'unpaid' || l.state === 'short').length;
  const people = data.people.filter((p) => p.history.length > 0);
  const members = halves(
    ['姓名', '应交月数', '已交月数', '欠交月数'],
    people.map((p) => [
      p.member.name,
      String(p.lines.filter((l) => l.state !== 'exempt').length),
      String(p.lines.filter((l) => l.state === 'paid').length),
      String(owed(p)),
    ]),
  );
  return [
    para(d, `${periodTitle(data.unit, data.period)}收缴情况`, { size: TITLE_SIZE, bold: true, center: true }),
    para(d, `（向支部党员大会报告）本年度共收缴党费 ${yuan(collected)} 元，党员 ${data.people.length} 人。`),
    table(d, rows),
    para(d, '党员交纳情况：'),
    table(d, members),
    para(d, `连续未交：${behind.length ? behind.join('、') : '无'}。`),
    para(d, data.unit.name, { right: true }),
    para(d, dateLine(data.now, data.unit.timeZone), { right: true }),
  ];
}

/** The DOCX of a period: the quarter's notice, or the year's summary. */
export async function periodDocx(data: PeriodData): Promise<Uint8Array> {
  const d = await import('docx');
  const doc = new d.Document({
    creator: '先锋助手',
    title: periodTitle(data.unit, data.period),
    styles: { default: { document: { run: { font: { eastAsia: 'SimSun', ascii: 'Times New Roman' } } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        children: data.period.kind === 'quarter' ? quarterChildren(d, data) : yearChildren(d, data),
      },
    ],
  });
  return new Uint8Array(await d.Packer.toArrayBuffer(doc));
}
