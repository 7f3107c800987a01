import { defineCommand } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { id, mention, optional, text, word } from '../../src/command/args.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { duesUnitOf, isPartyMember, requireDuesKeyring, requireDuesManager } from '../../src/services/dues/access.js';
import { duesError } from '../../src/services/dues/errors.js';
import { monthsBetween } from '../../src/services/dues/months.js';
import {
  loadPayment,
  MAX_REVERSAL_REASON_CHARS,
  recordPayments,
  reversePayment,
} from '../../src/services/dues/payments.js';
import { memberDues } from '../../src/services/dues/roll.js';
import { MAX_MONTHS_AHEAD, MAX_MONTHS_PER_PAYMENT } from '../../src/services/dues/settings.js';
import { planPayment, remainder } from '../../src/services/dues/statement.js';
import { yuan } from '../../src/services/dues/tiers.js';
import { moneySchema, monthSpecSchema, proxySchema, resolveMonths } from './parse.js';
import { memberNamed, originOf, thisMonth } from './shared.js';
import { monthLabel, monthsLabel } from './texts.js';

const PAY_USAGE =
  '交党费 @某人 [月份] [金额] [代交]\n例如：交党费 @张三 12月 93、交党费 @张三 10-12月、交党费 @李大爷 本月 代交:李小明';

export const payCommand = defineCommand({
  name: '交党费',
  aliases: ['dues-pay'],
  group: '党费',
  summary: '记录党员交纳的党费（默认本月、按应交金额；可写多个月、补交、预交、代交）；机器人不收款',
  example: '交党费 @张三 12月 93',
  roles: OFFICERS,
  args: [
    mention('who'),
    optional(word('months', '月份', monthSpecSchema)),
    optional(word('amount', '金额', moneySchema)),
    optional(word('proxy', '代交', proxySchema)),
  ],
  async run(ctx, { who, months: spec, amount, proxy }) {
    const tree = await ctx.tree();
    const member = await memberNamed(ctx, tree, who);
    const unit = duesUnitOf(tree, member.unitId);
    if (!unit) throw duesError('dues.member_without_unit', { name: member.name });
    requireDuesManager(ctx.sender, tree, unit);
    if (!isPartyMember(member)) throw duesError('dues.not_party_member', { name: member.name });
    const now = thisMonth(ctx, unit);
    const months = spec ? resolveMonths(spec, now) : [now];
    if (months.length === 0) throw new CommandError('月份的先后写反了。', PAY_USAGE);
    if (months.length > MAX_MONTHS_PER_PAYMENT)
      throw duesError('dues.too_many_months', { max: MAX_MONTHS_PER_PAYMENT });
    if (monthsBetween(now, months.at(-1)!) > MAX_MONTHS_AHEAD)
      throw duesError('dues.too_far_ahead', { maxAhead: MAX_MONTHS_AHEAD });
    if (amount === 0) throw new CommandError('金额应大于 0。', PAY_USAGE);
    const ring = await requireDuesKeyring(ctx.deps.config);
    const dues = await memberDues(ctx.db, ring, member, months[0]!, months.at(-1)!);
    const paid = new Map(dues.lines.map((l) => [l.month, l.paidCents]));
    const parts = planPayment(member.name, dues.history, paid, months, amount ?? null);
    const ids = await recordPayments(ctx.work, originOf(ctx), {
      member,
      unit,
      parts,
      proxy: !!proxy,
      proxyName: proxy?.name ?? null,
    });
    const total = parts.reduce((s, p) => s + p.cents, 0);
    const label = monthsLabel(months);
    const numbers = ids.map((n) => `#${n}`).join('、');
    const notes: string[] = [];
    const lineOf = (m: number) => dues.lines.find((l) => l.month === m)!;
    const short = parts.filter((p) => p.cents < remainder(lineOf(p.month)));
    if (short.length)
      notes.push(
        `${monthsLabel(short.map((p) => p.month))} 应交 ${yuan(remainder(lineOf(short[0]!.month)))} 元，尚未交足。`,
      );
    const old = months.filter((m) => monthsBetween(m, now) > 6);
    if (old.length) notes.push(`${monthsLabel(old)} 已超过 6 个月，补交请经支部同意。`);
    const by = proxy ? `（代交${proxy.name ? `：${proxy.name}` : ''}）` : '';
    if (ctx.msg.chatType === 'group') {
      // In a group only that it was recorded; the amounts go to the officer privately.
      ctx.reply(`已记录 ${member.name} ${label} 党费${by}。`);
      ctx.replyDirect(`${member.name} ${label} 党费 ${yuan(total)} 元已记录，编号 ${numbers}。${notes.join('')}`);
    } else {
      ctx.reply(`已记录 ${member.name} ${label} 党费 ${yuan(total)} 元${by}，编号 ${numbers}。${notes.join('')}`);
    }
  },
});

export const reverseCommand = defineCommand({
  name: '撤销党费',
  aliases: ['dues-reverse'],
  group: '党费',
  summary: '撤销一条记错的党费记录（写明原因；原记录保留，撤销也记入审计日志）',
  example: '撤销党费 12 金额记错，应为93元',
  roles: OFFICERS,
  args: [id('id', '编号'), text('reason', '原因', { max: MAX_REVERSAL_REASON_CHARS })],
  async run(ctx, { id: paymentId, reason }) {
    const tree = await ctx.tree();
    const payment = await loadPayment(ctx.db, paymentId);
    if (!payment) throw duesError('dues.payment_not_found', { id: paymentId });
    const unit = tree.get(payment.unitId);
    if (!unit) throw duesError('dues.payment_forbidden', { id: paymentId });
    try {
      requireDuesManager(ctx.sender, tree, unit);
    } catch {
      throw duesError('dues.payment_forbidden', { id: paymentId });
    }
    reversePayment(ctx.work, originOf(ctx), payment, reason);
    ctx.reply(`已撤销党费记录 #${payment.id}（${monthLabel(payment.month)}），原因已记录。需要时请重新「交党费」。`);
  },
});
