import { defineCommand } from '../../src/command/define.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { DEFAULT_MAX_TEXT_CHARS } from '../../src/contracts/adapter.js';
import { formatTime } from '../../src/contracts/time.js';
import { receiptsReport, type ReceiptsReport } from '../../src/services/notices/follow-up.js';
import type { UnitReceipts, UnreachableWhy } from '../../src/services/notices/report.js';
import { noticeNumber } from './args.js';
import { quotedTitle } from './texts.js';
import { fitSummary } from '../shared/long.js';

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

function countLine(u: UnitReceipts): string {
  const head = `【${u.unit.name}】`;
  if (u.expected === 0) return `${head}无成员`;
  const parts = [`已确认 ${u.confirmed}/${u.expected}`];
  if (u.receipts) parts.push(`已读未确认 ${u.read.length}`);
  parts.push(`未读 ${u.unread.length}`);
  if (u.unreachable.length) parts.push(`无法送达 ${u.unreachable.length}`);
  return head + parts.join('，');
}

/** Units without members say nothing next to units with members (a 党委 whose people are in its 支部). */
function shown(r: ReceiptsReport): UnitReceipts[] {
  const some = r.units.filter((u) => u.expected > 0);
  return some.length ? some : r.units;
}

function headLines(r: ReceiptsReport, now: Date, tz: string): string[] {
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

/** What goes by direct message: the names, or the units furthest behind when they are too many. */
function directTexts(r: ReceiptsReport, head: string[], units: UnitReceipts[], tail: string[], max: number): string[] {
  const full = chunks([...head, ...units.flatMap(unitLines), ...tail], max);
  const behind = units.filter((u) => u.pending.length > 0).sort((a, b) => b.pending.length - a.pending.length);
  if (full.length <= 1 || behind.length <= UNREAD_MAX_UNITS) return full;
  const more = (left: number) => `……另有 ${left} 个组织未全部确认。`;
  const hint = `名单太长（${behind.length} 个组织），各组织的书记、委员发送「未读 ${r.notice.id}」可看本组织的名单。`;
  return [fitSummary(head, behind.map(countLine), [hint, ...tail], more, max)];
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
    const r = await receiptsReport(ctx.work, tree, ctx.sender, args.id ?? undefined, { platforms, receipts, log });
    const tz = tree.get(r.notice.unitId)?.timeZone ?? ctx.deps.config.PIONEER_TZ;
    const units = shown(r);
    const tail = r.confirmed < r.expected ? [`提醒他们：催办 ${r.notice.id}`] : [];
    const head = headLines(r, ctx.now, tz);
    const full = [...head, ...units.flatMap(unitLines), ...tail];
    const max = platforms.get(ctx.msg.platform)?.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
    if (ctx.msg.chatType !== 'group') {
      for (const text of directTexts(r, head, units, tail, max)) ctx.reply(text);
      return;
    }
    if (full.length <= UNREAD_GROUP_MAX_LINES && full.join('\n').length <= max) {
      ctx.reply(full.join('\n'));
      return;
    }
    const counts = [...headLines(r, ctx.now, tz), ...units.map(countLine)];
    const short =
      counts.length > UNREAD_GROUP_MAX_LINES
        ? [...counts.slice(0, UNREAD_GROUP_MAX_LINES - 1), `…共 ${units.length} 个组织`]
        : counts;
    ctx.reply([...short, '名单已私信给你。'].join('\n'));
    for (const text of directTexts(r, head, units, tail, max)) ctx.replyDirect(text);
  },
});
