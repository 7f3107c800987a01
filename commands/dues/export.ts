import type { CommandContext } from '../../src/command/context.js';
import { defineCommand } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { optional, rest, word } from '../../src/command/args.js';
import { actorIdentity } from '../../src/contracts/identity.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { formatTime } from '../../src/contracts/time.js';
import { duesExportLinks, type DuesPeriod } from '../../src/services/dues/links.js';
import { quarterOfMonth, yearOf, type Month } from '../../src/services/dues/months.js';
import { addMonths } from '../../src/services/dues/months.js';
import { duesUnitFor, thisMonth } from './shared.js';

export const EXPORT_USAGE =
  '党费导出 <季度或年度> [组织名称]（也可写：导出 党费 <季度或年度>）\n例如：党费导出 本季度、党费导出 2026Q4、党费导出 本年度';

/** "本季度", "上季度", "2026Q4", "2026年第4季度", "本年度", "去年", "2026年" → a period, or null. */
export function parsePeriod(raw: string, now: Month): DuesPeriod | null {
  const w = raw.normalize('NFKC').replace(/\s+/g, '');
  if (w === '本季度' || w === '季度') return { kind: 'quarter', ...quarterOfMonth(now) };
  if (w === '上季度') return { kind: 'quarter', ...quarterOfMonth(addMonths(now, -3)) };
  if (w === '本年度' || w === '今年' || w === '年度') return { kind: 'year', year: yearOf(now) };
  if (w === '上年度' || w === '去年') return { kind: 'year', year: yearOf(now) - 1 };
  const q = /^(\d{4})(?:年)?(?:[Qq]|第)([1-4])(?:季度)?$/.exec(w);
  if (q) return { kind: 'quarter', year: Number(q[1]), quarter: Number(q[2]) as 1 | 2 | 3 | 4 };
  const y = /^(\d{4})年(?:度)?$/.exec(w);
  if (y) return { kind: 'year', year: Number(y[1]) };
  return null;
}

/** Sends the officer the two links of a period's files (XLSX ledger, DOCX 公示 or yearly summary). */
export async function duesExport(ctx: CommandContext, what: string, unitName: string | undefined): Promise<void> {
  const tree = await ctx.tree();
  const unit = duesUnitFor(ctx, tree, unitName);
  const period = parsePeriod(what, thisMonth(ctx, unit));
  if (!period) throw new CommandError(`「${what.slice(0, 20)}」不是季度或年度。`, EXPORT_USAGE);
  const by = ctx.sender.member?.id ?? actorIdentity(ctx.sender);
  const links = await duesExportLinks(ctx.deps.config, unit.id, period, by, ctx.now);
  ctx.audit('dues.export.link', { unitId: unit.id, target: `unit:${unit.id}`, detail: period });
  const label =
    period.kind === 'quarter' ? `${period.year}年第${period.quarter}季度党费` : `${period.year}年度党费（支部大会用）`;
  if (ctx.msg.chatType === 'group') ctx.reply('导出链接已私信发给你。');
  // The links grant the files: sent once, never stored with the answer.
  ctx.replySensitive(
    [
      `「${unit.name}」${label} 导出（台账含金额，仅限书记、委员使用，请勿转发）：`,
      `台账 XLSX：${links.xlsx}`,
      `${period.kind === 'quarter' ? '公示 DOCX（只有姓名和月份，可张贴）' : '年度汇总 DOCX'}：${links.docx}`,
      `链接 ${formatTime(links.expiresAt, unit.timeZone)} 前有效。`,
    ].join('\n'),
  );
}

export const duesExportCommand = defineCommand({
  name: '党费导出',
  aliases: ['dues-export'],
  group: '党费',
  summary: '导出季度党费台账（XLSX）和公示（DOCX，只有姓名和月份），或年度汇总；链接私信发给你',
  example: '党费导出 本季度',
  roles: OFFICERS,
  args: [word('what', '季度或年度'), optional(rest('unit', '组织名称'))],
  run: (ctx, { what, unit }) => duesExport(ctx, what, unit),
});

/** 导出 党费 [季度或年度] [组织名称]: the same as 党费导出 (本季度 when no period is given). */
export function duesExportWords(ctx: CommandContext, words: string | undefined): Promise<void> {
  const [what, ...unit] = (words ?? '').split(' ').filter(Boolean);
  return duesExport(ctx, what ?? '本季度', unit.length ? unit.join(' ') : undefined);
}
