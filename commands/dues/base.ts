import { defineCommand } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { mention, optional, rest, word } from '../../src/command/args.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { requireBaseAccess, requireDuesKeyring } from '../../src/services/dues/access.js';
import { setBasis } from '../../src/services/dues/bases.js';
import { duesImportLink, DUES_IMPORT_LINK_TTL_MIN } from '../../src/services/dues/links.js';
import {
  MAX_BASE_CENTS,
  MAX_FIXED_CENTS,
  monthlyDueCents,
  yuan,
  type DuesBasis,
} from '../../src/services/dues/tiers.js';
import { rateOf, RETIREE_TIERS, SALARY_TIERS } from '../../src/services/dues/tiers.js';
import { formatTime } from '../../src/contracts/time.js';
import { kindSchema, moneySchema, resolveStart, startSchema } from './parse.js';
import { duesUnitFor, memberNamed, originOf, thisMonth } from './shared.js';
import { DUES_TEXT, KIND_LABEL, monthLabel } from './texts.js';

/** "1.5%" from 150 basis points. */
const percent = (bp: number) => `${bp / 100}%`;

function basisText(b: DuesBasis): string {
  const label = KIND_LABEL.get(b.kind)!;
  if (b.kind === 'salary' || b.kind === 'retiree') {
    const rate = rateOf(b.kind === 'salary' ? SALARY_TIERS : RETIREE_TIERS, b.baseCents);
    return `${label}，基数 ${yuan(b.baseCents)} 元，比例 ${percent(rate)}`;
  }
  return label;
}

/** The base, its kind and its month, as the member and their officers read it (never in a group). */
export function basisLine(b: DuesBasis): string {
  return `${basisText(b)}，每月 ${yuan(monthlyDueCents(b))} 元`;
}

export const baseCommand = defineCommand({
  name: '党费基数',
  aliases: ['dues-base'],
  group: '党费',
  summary: '记录党员的党费基数（税后月工资或离退休费）或类别，按规定比例算出每月党费（仅私聊；基数加密保存）',
  example: '党费基数 @张三 6200',
  roles: OFFICERS,
  chat: 'direct',
  args: [
    mention('who'),
    optional(word('amount', '基数', moneySchema)),
    optional(word('kind', '类别', kindSchema)),
    optional(word('fixed', '固定金额', moneySchema)),
    optional(rest('from', '从 起始月份', startSchema)),
  ],
  async run(ctx, { who, amount, kind, fixed, from }) {
    const tree = await ctx.tree();
    const member = await memberNamed(ctx, tree, who);
    const unit = requireBaseAccess(ctx.sender, tree, member);
    const ring = await requireDuesKeyring(ctx.deps.config);
    let basis: DuesBasis;
    const k = kind?.kind ?? 'salary';
    const money = fixed ?? (k === 'fixed' || k === 'low_income' ? amount : undefined);
    if (k === 'fixed' || (k === 'low_income' && money !== undefined)) {
      // 农民党员 (0.2–1元) or a unit's decision: the amount as given.
      if (money === undefined) throw new CommandError('请写固定金额（元）。', DUES_TEXT.baseUsage);
      if (money > MAX_FIXED_CENTS) throw new CommandError(`固定金额最多 ${yuan(MAX_FIXED_CENTS)} 元。`);
      basis = { kind: 'fixed', fixedCents: money };
    } else if (k === 'low_income') {
      basis = { kind: 'low_income' };
    } else {
      if (amount === undefined) throw new CommandError(DUES_TEXT.missingBase, DUES_TEXT.baseUsage);
      if (amount === 0 || amount > MAX_BASE_CENTS)
        throw new CommandError(`基数应在 0.01 到 ${yuan(MAX_BASE_CENTS)} 元之间。`, DUES_TEXT.baseUsage);
      basis = { kind: k, baseCents: amount };
    }
    const now = thisMonth(ctx, unit);
    const fromMonth = from ? resolveStart(from, now) : now;
    await setBasis(ctx.work, ring, originOf(ctx), { member, unit, fromMonth, basis, source: 'chat' });
    const lines = [`已记录 ${member.name} 的党费：${basisLine(basis)}，从 ${monthLabel(fromMonth)}起。`];
    if (member.partyStatus === 'probationary' && !from)
      lines.push('预备党员从支部大会通过之月起交纳党费；不是本月的，请加「从 <月份>」重新记录。');
    lines.push('（基数只有本人和本支部书记、委员能看到；这条回复不保存。）');
    ctx.replySensitive(lines.join('\n'));
  },
});

export const importCommand = defineCommand({
  name: '党费导入',
  aliases: ['dues-import'],
  group: '党费',
  summary: '用 XLSX 表格批量导入本支部党员的党费基数（私信发一次性上传链接）',
  example: '党费导入',
  roles: OFFICERS,
  args: [],
  async run(ctx) {
    const tree = await ctx.tree();
    const me = ctx.sender.member;
    const unit = duesUnitFor(ctx, tree, undefined);
    // Bases are set by the officers of the member's own branch only (requireBaseAccess).
    if (!me || (me.role !== 'secretary' && me.role !== 'committee'))
      throw new CommandError('只有本支部的书记、委员能导入党费基数。');
    await requireDuesKeyring(ctx.deps.config);
    const link = await duesImportLink(ctx.deps.config, unit.id, me.id, ctx.now);
    ctx.audit('dues.import.link', { unitId: unit.id, target: `unit:${unit.id}` });
    if (ctx.msg.chatType === 'group') ctx.reply(DUES_TEXT.linkSent);
    ctx.replySensitive(
      [
        `「${unit.name}」党费基数导入（一次性链接，${DUES_IMPORT_LINK_TTL_MIN} 分钟内有效，` +
          `${formatTime(link.expiresAt, unit.timeZone)} 前）：`,
        link.url,
        '表格第一行为列名：姓名、基数、类别、起始月份、固定金额（后三列可不填）。',
        '类别：在职（默认）、退休、学生、失业、低保、农民、固定；起始月份如 2026-12（不填为本月）。',
        '有一行不对就全部不导入，并列出要改的行（改好后用同一链接重传）。导入成功后链接失效，请勿转发。',
      ].join('\n'),
    );
  },
});
