import { defineCommand } from '../../src/command/define.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { DEFAULT_MAX_TEXT_CHARS } from '../../src/contracts/adapter.js';
import { formatTime } from '../../src/contracts/time.js';
import { followReceipts, type ReceiptsReport } from '../../src/services/notices/follow-up.js';
import type { UnitPending, UnitReceiptCounts } from '../../src/services/notices/receipt-counts.js';
import type { UnitReceipts, UnreachableWhy } from '../../src/services/notices/report.js';
import { noticeNumber } from './args.js';
import { quotedTitle } from './texts.js';
import { fitSummary, SUMMARY_LINES } from '../shared/long.js';

// 未读: per unit, 已确认 (n), 已读未确认, 未读 and 无法送达 by name. In a group the answer stays
// short: the counts per unit, and the names by direct message to the officer who asked.

/** A group answer with more lines than this gives counts there and the names by direct message. */
export const UNREAD_GROUP_MAX_LINES = 8;
/**
 * Most units whose names may be sent over several messages; beyond it (a notice to a whole
 * district: 1,000 units, 20,000 names) what does not fit one message becomes the units furthest
 * behind, and each unit's own officers see their names with 未读.
 */
export const UNREAD_MAX_UNITS = 30;

const WHY: Record<UnreachableWhy, string> = { no_chat: '组织未绑定群', no_account: '无平台账号', failed: '投递失败' };

/** What a count line and the summary show of a unit, whether counted or listed by name. */
type Counted = Omit<UnitReceiptCounts, 'nameChars'>;

const counted = (u: UnitReceipts): Counted => ({
  unit: u.unit,
  expected: u.expected,
  confirmed: u.confirmed,
  pending: u.pending.length,
  receipts: u.receipts,
  read: u.read.length,
  unread: u.unread.length,
  unreachable: u.unreachable.length,
});

const names = (list: readonly { name: string }[]) => list.map((m) => m.name).join('、');

function unitLines(u: UnitReceipts): string[] {
  const head = `【${u.unit.name}】`;
  if (u.expected === 0) return [`${head}无成员`];
  if (u.pending.length === 0) return [`${head}全部已确认（${u.expected} 人）`];
  const lines = [`${head}已确认 ${u.confirmed}/${u.expected}`];
  if (u.read.length) lines.push(`  已读未确认 ${u.read.length} 人：${names(u.read)}`);
  if (u.unread.length) lines.push(`  未读 ${u.unread.length} 人：${names(u.unread)}`);
  if (u.unreachable.length) {
    const list = u.unreachable.map((x) => `${x.member.name}（${WHY[x.why]}）`).join('、');
    lines.push(`  无法送达 ${u.unreachable.length} 人：${list}`);
  }
  return lines;
}

/**
 * The fewest characters unitLines of the unit can have, newlines between its lines included: its
 * unconfirmed on one line of the shortest label (as SQLite counts their names' characters).
 */
function leastUnitChars(u: UnitPending): number {
  const head = `【${u.unit.name}】`;
  if (u.expected === 0) return `${head}无成员`.length;
  if (u.pending === 0) return `${head}全部已确认（${u.expected} 人）`.length;
  // Each line more costs a newline and a label, more than the separator it saves.
  const names = u.nameChars + u.pending - 1;
  return [`${head}已确认 ${u.confirmed}/${u.expected}`, `  未读 ${u.pending} 人：`].join('\n').length + names;
}

function countLine(u: Counted): string {
  const head = `【${u.unit.name}】`;
  if (u.expected === 0) return `${head}无成员`;
  const parts = [`已确认 ${u.confirmed}/${u.expected}`];
  if (u.receipts) parts.push(`已读未确认 ${u.read}`);
  parts.push(`未读 ${u.unread}`);
  if (u.unreachable) parts.push(`无法送达 ${u.unreachable}`);
  return head + parts.join('，');
}

/** Units without members say nothing next to units with members (a 党委 whose people are in its 支部). */
function shown<T extends { expected: number }>(units: readonly T[]): readonly T[] {
  const some = units.filter((u) => u.expected > 0);
  return some.length ? some : units;
}

function headLines(
  r: { notice: ReceiptsReport['notice']; confirmed: number; expected: number },
  now: Date,
  tz: string,
) {
  const lines = [`通知 #${r.notice.id}${quotedTitle(r.notice.title)} 已确认 ${r.confirmed}/${r.expected} 人`];
  const d = r.notice.deadlineAt;
  if (d !== null) {
    const overdue = d <= now.getTime() && r.confirmed < r.expected;
    lines.push(`截止：${formatTime(new Date(d), tz)}${overdue ? '（已逾期）' : ''}`);
  }
  return lines;
}

/** Lines cut into messages of at most `max` characters. */
function chunks(lines: readonly string[], max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const l of lines) {
    const line = l.length > max ? l.slice(0, max - 1) + '…' : l;
    if (cur && cur.length + 1 + line.length > max) {
      out.push(cur);
      cur = line;
    } else cur = cur ? `${cur}\n${line}` : line;
  }
  if (cur) out.push(cur);
  return out;
}

/** The units not all confirmed, furthest behind first. */
const behindOf = <T extends { pending: number }>(units: readonly T[]): T[] =>
  units.filter((u) => u.pending > 0).sort((a, b) => b.pending - a.pending);

/**
 * How many of the units furthest behind the summary may name: more than it has lines, so it is
 * the same whether it is given these or all of them (only these are then counted by group).
 */
const UNREAD_LISTED_UNITS = SUMMARY_LINES;

/**
 * The one message when the names are too many: the units furthest behind (`listed`, the first of
 * `behind` of them) and where each sees its names.
 */
function summaryText(
  id: number,
  head: string[],
  listed: readonly Counted[],
  behind: number,
  tail: string[],
  max: number,
) {
  const more = (left: number) => `……另有 ${left + behind - listed.length} 个组织未全部确认。`;
  const hint = `名单太长（${behind} 个组织），各组织的书记、委员发送「未读 ${id}」可看本组织的名单。`;
  return fitSummary(head, listed.map(countLine), [hint, ...tail], more, max);
}

/** What goes by direct message: the names, or the units furthest behind when they are too many. */
function directTexts(r: ReceiptsReport, head: string[], units: readonly UnitReceipts[], tail: string[], max: number) {
  const full = chunks([...head, ...units.flatMap(unitLines), ...tail], max);
  const behind = behindOf(units.map(counted));
  if (full.length <= 1 || behind.length <= UNREAD_MAX_UNITS) return full;
  return [summaryText(r.notice.id, head, behind, behind.length, tail, max)];
}

/**
 * True when the answer lists no names whatever they are: more than UNREAD_MAX_UNITS units behind
 * and the list longer than one message even with the shortest lines it could have (directTexts
 * then gives summaryText), so the names are never loaded (a whole district: 5,000 and more).
 */
function countsSuffice(head: string[], units: readonly UnitPending[], tail: string[], max: number): boolean {
  if (behindOf(units).length <= UNREAD_MAX_UNITS) return false;
  const lines = [...head, ...tail];
  const chars = lines.reduce((n, l) => n + l.length, 0) + units.reduce((n, u) => n + leastUnitChars(u), 0);
  return chars + lines.length + units.length - 1 > max;
}

export const unreadCommand = defineCommand({
  name: '未读',
  aliases: ['unread'],
  group: '通知',
  summary: '按组织列出已确认、已读未确认、未读和无法送达的人',
  example: '未读 12',
  roles: OFFICERS,
  args: [noticeNumber],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const { platforms, receipts, log } = ctx.deps;
    const f = await followReceipts(ctx.work, tree, ctx.sender, args.id ?? undefined, { platforms, receipts, log });
    const { summary } = f;
    const tz = tree.get(summary.notice.unitId)?.timeZone ?? ctx.deps.config.PIONEER_TZ;
    const tail = summary.confirmed < summary.expected ? [`提醒他们：催办 ${summary.notice.id}`] : [];
    const head = headLines(summary, ctx.now, tz);
    const max = platforms.get(ctx.msg.platform)?.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
    const group = ctx.msg.chatType === 'group';
    /** In a group: the counts of the first units (`first`, of `total`), the rest by direct message. */
    const groupCounts = (first: readonly Counted[], total: number) => {
      const counts = [...head, ...first.map(countLine)];
      const short =
        head.length + total > UNREAD_GROUP_MAX_LINES
          ? [...counts.slice(0, UNREAD_GROUP_MAX_LINES - 1), `…共 ${total} 个组织`]
          : counts;
      ctx.reply([...short, '名单已私信给你。'].join('\n'));
    };
    const counts = shown(summary.units);
    if (countsSuffice(head, counts, tail, max)) {
      // What the names would have given (directTexts), from the counts of the units it shows.
      const behind = behindOf(counts);
      const listed = behind.slice(0, UNREAD_LISTED_UNITS);
      const first = group ? counts.slice(0, UNREAD_GROUP_MAX_LINES) : [];
      const split = new Map((await f.split([...new Set([...listed, ...first])])).map((u) => [u.unit.id, u]));
      const of = (units: readonly UnitPending[]) => units.map((u) => split.get(u.unit.id)!);
      const text = summaryText(summary.notice.id, head, of(listed), behind.length, tail, max);
      if (!group) return ctx.reply(text);
      groupCounts(of(first), counts.length);
      ctx.replyDirect(text);
      return;
    }
    const r = await f.details();
    const units = shown(r.units);
    const full = [...head, ...units.flatMap(unitLines), ...tail];
    if (!group) {
      for (const text of directTexts(r, head, units, tail, max)) ctx.reply(text);
      return;
    }
    if (full.length <= UNREAD_GROUP_MAX_LINES && full.join('\n').length <= max) {
      ctx.reply(full.join('\n'));
      return;
    }
    groupCounts(units.map(counted), units.length);
    for (const text of directTexts(r, head, units, tail, max)) ctx.replyDirect(text);
  },
});
