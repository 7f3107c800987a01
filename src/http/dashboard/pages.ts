// The dashboard's pages as HTML: the header every page shares, the tables (with their XLSX
// links), the branch page with its chart slots, the 党委 page's heat-coloured rows, the home list.
import { formatTime } from '../../contracts/time.js';
import type { BranchFigures, UnitRef } from '../../services/dashboard/branch.js';
import type { CommitteeRows } from '../../services/dashboard/rows.js';
import type { Unit } from '../../services/org/units.js';
import { esc, page } from './html.js';
import { branchTables, committeeTable, pct, type Behind, type Cell, type Table } from './tables.js';

const unitHref = (id: string) => `/dashboard/unit/${encodeURIComponent(id)}`;

export interface Crumb {
  id: string;
  name: string;
  /** Whether the viewer may open it (only those are links). */
  open: boolean;
}

function header(unit: UnitRef, crumbs: Crumb[], asOf: string): string {
  const trail = crumbs
    .map((c) => (c.open ? `<a href="${unitHref(c.id)}">${esc(c.name)}</a>` : `<span>${esc(c.name)}</span>`))
    .join(' / ');
  return [
    '<header class="top">',
    `<nav class="crumbs"><a href="/dashboard/">看板</a> / ${trail}</nav>`,
    `<h1>${esc(unit.name)}</h1>`,
    `<p class="asof">截至 ${esc(asOf)}</p>`,
    '<form method="post" action="/dashboard/logout" class="logout"><button type="submit">退出</button></form>',
    '</header>',
  ].join('');
}

function cellHtml(v: Cell, numeric: boolean, extra = ''): string {
  const value = typeof v === 'number' ? ` data-v="${v}"` : '';
  return `<td${numeric ? ' class="num' + extra + '"' : extra ? ` class="${extra.trim()}"` : ''}${value}>${esc(v)}</td>`;
}

function tableHtml(t: Table, xlsx: string): string {
  const head = t.headers
    .map((h, i) => `<th scope="col"${t.numeric.includes(i) ? ' class="num"' : ''}>${esc(h)}</th>`)
    .join('');
  const body = t.rows.map((r) => `<tr>${r.map((v, i) => cellHtml(v, t.numeric.includes(i))).join('')}</tr>`).join('');
  const table = t.rows.length
    ? `<div class="scroll"><table data-table="${esc(t.key)}"><thead><tr>${head}</tr></thead>` +
      `<tbody>${body}</tbody></table></div>`
    : `<p class="empty">${esc(t.empty)}</p>`;
  return `${table}<p class="download"><a href="${xlsx}" download>下载 XLSX</a></p>`;
}

/** Tables whose section also holds a chart (same key as branchCharts). */
const CHARTED = new Set(['quarter', 'attendance', 'notices', 'hours']);

export function branchPage(f: BranchFigures, crumbs: Crumb[]): string {
  const tz = f.timeZone;
  const asOf = formatTime(new Date(f.generatedAt), tz);
  const cards: [string, string][] = [
    ['本季度还差会议', `${f.quarter.owed} 次`],
    ['近 12 个月出席率', f.attendance.rate === null ? '—' : `${pct(f.attendance.rate)}%`],
    ['通知确认率', f.notices.rate === null ? '—' : `${pct(f.notices.rate)}%`],
    ['待派单需求', `${f.needs.open} 个`],
  ];
  if (f.dues) cards.push(['本月未交党费', `${f.dues.unpaid} 人`]);
  const base = `${unitHref(f.unit.id)}/xlsx`;
  const sections = branchTables(f).map((t) =>
    [
      `<section id="${esc(t.key)}" class="card">`,
      `<h2>${esc(t.title)}</h2>`,
      CHARTED.has(t.key) ? `<div class="chart" data-chart="${esc(t.key)}" aria-label="${esc(t.title)}"></div>` : '',
      tableHtml(t, `${base}/${t.key}.xlsx`),
      '</section>',
    ].join(''),
  );
  const body = [
    header(f.unit, crumbs, asOf),
    `<main data-api="/dashboard/api/unit/${encodeURIComponent(f.unit.id)}">`,
    `<ul class="cards">${cards.map(([k, v]) => `<li><span>${esc(k)}</span><strong>${esc(v)}</strong></li>`).join('')}` +
      '</ul>',
    '<p class="note">经常缺席名单及原因仅供书记、委员了解情况，请勿外传。</p>',
    ...sections,
    '</main>',
  ].join('\n');
  return page({ title: f.unit.name, body, scripts: ['branch.js'], charts: true });
}

/** How far behind a figure is, 0 (fine) to 3 (far behind): the colour of its cell. */
export function heatLevel(column: Behind, v: number | null): number {
  if (v === null) return 0;
  const steps: Record<Behind, [number, number, number]> = {
    behind: [1, 2, 3],
    attendanceRate: [-0.9, -0.8, -0.7],
    unconfirmed: [1, 6, 16],
    openNeeds: [1, 2, 4],
    duesUnpaid: [1, 3, 6],
  };
  const x = column === 'attendanceRate' ? -v : v;
  const [a, b, c] = steps[column];
  return x >= c ? 3 : x >= b ? 2 : x >= a ? 1 : 0;
}

export function committeePage(r: CommitteeRows, crumbs: Crumb[], tz: string, now: Date): string {
  const t = committeeTable(r, tz);
  const head = t.headers
    .map((h, i) => {
      const kind = t.numeric.includes(i) ? 'num' : 'text';
      const button = `<button type="button" data-sort="${i}" data-kind="${kind}">${esc(h)}</button>`;
      return `<th scope="col" class="${kind}">${button}</th>`;
    })
    .join('');
  const body = r.rows
    .map((row, i) => {
      const cells = t.rows[i]!;
      const f = row.figures;
      const html = cells.map((v, j) => {
        if (j === 0) return `<td><a href="${unitHref(row.unitId)}">${esc(v)}</a></td>`;
        const col = t.colour[j];
        if (!col || !f) return cellHtml(v, t.numeric.includes(j));
        // Sorted by the figure itself; coloured by how far behind it is (for meetings: the pace).
        const raw = col === 'behind' ? f.owed : f[col];
        const level = heatLevel(col, f[col]);
        const sortValue = raw === null ? '' : ` data-v="${raw}"`;
        return `<td class="num heat-${level}"${sortValue}>${esc(v)}</td>`;
      });
      return `<tr data-unit="${esc(row.unitId)}">${html.join('')}</tr>`;
    })
    .join('');
  const status = r.pending
    ? `<p class="status" data-pending="${r.pending}">${r.pending} 个支部的数据正在更新，页面会自动刷新。</p>`
    : '';
  const table = r.rows.length
    ? `<div class="scroll"><table class="heat" data-table="branches"><thead><tr>${head}</tr></thead>` +
      `<tbody>${body}</tbody></table></div>`
    : `<p class="empty">${esc(t.empty)}</p>`;
  const legend =
    '<p class="legend">颜色越深，落后越多：<span class="heat-0">正常</span><span class="heat-1">稍落后</span>' +
    '<span class="heat-2">落后</span><span class="heat-3">严重落后</span>。点击表头排序，点击支部名称查看详情。</p>';
  const body2 = [
    header(r.unit, crumbs, formatTime(now, tz)),
    `<main data-api="/dashboard/api/unit/${encodeURIComponent(r.unit.id)}">`,
    status,
    `<section class="card"><h2>${esc(t.title)}（${r.rows.length} 个）</h2>${legend}${table}`,
    `<p class="download"><a href="${unitHref(r.unit.id)}/xlsx/branches.xlsx" download>下载 XLSX</a></p></section>`,
    '</main>',
  ].join('\n');
  return page({ title: r.unit.name, body: body2, scripts: ['committee.js'] });
}

/** An administrator's start: the top units, each a link. */
export function homePage(units: Unit[]): string {
  const items = units.map((u) => `<li><a href="${unitHref(u.id)}">${esc(u.name)}</a></li>`).join('');
  const body = `<main class="message"><h1>看板</h1><p>选择要查看的组织：</p><ul class="units">${items}</ul></main>`;
  return page({ title: '看板', body });
}
