// 成员's answer. A 支部 (with its 党小组) gets every name when they fit one message; a 党委 or 总支
// over many units gets a summary per unit — counts by role, the units without a 书记 or without
// members, the largest units first — and the full list goes by direct message as a download link
// (issue 24: the 区委's list was 465,441 characters; a file, not a hundred messages).
import type { RosterEntry } from '../../src/services/org/members.js';
import type { RoleCount, RosterCounts, UnitTotal } from '../../src/services/org/roster-counts.js';
import type { Unit } from '../../src/services/org/units.js';
import { fitSummary, someNames, SUMMARY_LINES } from '../shared/long.js';
import { titleOf } from './texts.js';

/** The order role counts are shown in (roster order). */
const TITLES = ['书记', '副书记', '委员', '党员', '预备党员', '积极分子', '群众'] as const;
/** Units a summary line names before counting the rest. */
const SUMMARY_UNITS = 5;
/** The shortest line of the full list: 「· 王五　党员」 and its line break. */
const MIN_LINE_CHARS = 8;

/** Where the rest of a summarised roster is (the chat answer's last line). */
export const ROSTER_FULL_LIST = '完整列表（每人姓名、角色、所在组织）的下载链接已私信发给你。';

/** Every name, by unit: what a 支部 and a small 党委 are shown. */
export function rosterText(unit: Unit, entries: readonly RosterEntry[]): string {
  const count = entries.reduce((n, e) => n + e.members.length, 0);
  const lines = [`「${unit.name}」成员 ${count} 人`];
  for (const e of entries) {
    if (entries.length > 1) lines.push(`【${e.unit.name}】${e.members.length} 人`);
    for (const m of e.members) lines.push(`· ${m.name}　${titleOf(m.role, m.partyStatus, m.deputy)}`);
  }
  if (count === 0) lines.push('（暂无成员，可用「邀请」生成邀请码）');
  return lines.join('\n');
}

/** "书记 1，委员 3，党员 40": the counts of the titles present, in roster order. */
function byTitle(roles: readonly RoleCount[]): string {
  const counts = new Map<string, number>();
  for (const r of roles) {
    const t = titleOf(r.role, r.partyStatus, r.deputy);
    counts.set(t, (counts.get(t) ?? 0) + r.n);
  }
  return TITLES.filter((t) => counts.has(t))
    .map((t) => `${t} ${counts.get(t)}`)
    .join('，');
}

/** The units with members, the largest first (then by name): the order the summary lists them in. */
export function largestUnits(counts: RosterCounts): UnitTotal[] {
  const byName = new Intl.Collator('zh');
  return counts.units
    .filter((c) => c.total > 0)
    .sort((a, b) => b.total - a.total || byName.compare(a.unit.name, b.unit.name));
}

/**
 * How many of largestUnits the summary may list: fewer than its lines (its head has at least
 * three and its tail one), so only these units' roles are read (unitRoles).
 */
export const ROSTER_LISTED_UNITS = SUMMARY_LINES;

/**
 * Totals by role, the units behind (no 书记, no members), the largest units with their roles
 * (`roles`: of at least the first ROSTER_LISTED_UNITS of largestUnits); within maxChars.
 */
export function rosterSummaryText(
  unit: Unit,
  counts: RosterCounts,
  roles: ReadonlyMap<string, readonly RoleCount[]>,
  maxChars: number,
): string {
  const below = counts.units.filter((c) => c.unit.id !== unit.id);
  const head = [
    `「${unit.name}」成员 ${counts.units.reduce((n, c) => n + c.total, 0)} 人，下级组织 ${below.length} 个。`,
    `按角色：${byTitle(counts.roles) || '暂无成员'}`,
  ];
  const empty = below.filter((c) => c.total === 0).map((c) => c.unit.name);
  const noSecretary = below.filter((c) => c.total > 0 && !c.hasSecretary).map((c) => c.unit.name);
  if (noSecretary.length)
    head.push(`未设书记的组织 ${noSecretary.length} 个：${someNames(noSecretary, SUMMARY_UNITS, '个')}`);
  if (empty.length) head.push(`暂无成员的组织 ${empty.length} 个：${someNames(empty, SUMMARY_UNITS, '个')}`);
  head.push('各组织人数（多的在前）：');
  const largest = largestUnits(counts);
  const listed = largest.slice(0, ROSTER_LISTED_UNITS);
  const items = listed.map((c) => `· ${c.unit.name} ${c.total} 人：${byTitle(roles.get(c.unit.id) ?? [])}`);
  // The units past ROSTER_LISTED_UNITS are never listed, only counted.
  const more = (left: number) => `……另有 ${left + largest.length - listed.length} 个组织`;
  return fitSummary(head, items, [ROSTER_FULL_LIST], more, maxChars, SUMMARY_LINES);
}

/**
 * True when the full list may fit one message (few units, and few enough people for the shortest
 * line each, 「· 姓名　党员」): only then are the names read at all.
 */
export function mayListAll(counts: RosterCounts, maxChars: number): boolean {
  const people = counts.units.reduce((n, c) => n + c.total, 0);
  return counts.units.filter((c) => c.total > 0).length <= SUMMARY_LINES && people * MIN_LINE_CHARS <= maxChars;
}

/**
 * The full list when it fits one message and names few units (a 支部 and its 党小组), else null:
 * the answer is then rosterSummaryText and the file.
 */
export function fullRosterText(unit: Unit, entries: readonly RosterEntry[], maxChars: number): string | null {
  const text = rosterText(unit, entries);
  const units = entries.filter((e) => e.members.length > 0).length;
  return text.length <= maxChars && units <= SUMMARY_LINES ? text : null;
}

/** The direct message with the roster's files. */
export const rosterLinkText = (unit: Unit, links: { csv: string; xlsx: string }, until: string): string =>
  [
    `「${unit.name}」成员名册（含姓名和角色，仅供工作使用，请勿转发）：`,
    `CSV：${links.csv}`,
    `XLSX：${links.xlsx}`,
    `链接 ${until} 前有效。`,
  ].join('\n');
