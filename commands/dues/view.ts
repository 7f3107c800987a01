import { defineCommand } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { optional, rest, word } from '../../src/command/args.js';
import { OFFICERS, PARTY } from '../../src/contracts/roles.js';
import { duesUnitOf, isPartyMember, requireDuesKeyring } from '../../src/services/dues/access.js';
import { addMonths, type Month } from '../../src/services/dues/months.js';
import { unitPayments } from '../../src/services/dues/payments.js';
import { behindFacts, monthFacts } from '../../src/services/dues/report.js';
import { memberDues, unitDues } from '../../src/services/dues/roll.js';
import { DUES_LOOKBACK_MONTHS, MAX_MONTHS_AHEAD } from '../../src/services/dues/settings.js';
import { owing, remainder } from '../../src/services/dues/statement.js';
import { yuan } from '../../src/services/dues/tiers.js';
import { basisLine } from './base.js';
import { monthSpecSchema, resolveMonths } from './parse.js';
import { duesUnitFor, thisMonth } from './shared.js';
import { duesTexts, DUES_TEXT, monthLabel, monthReportText, monthsLabel } from './texts.js';

/** Most months one 党费 list covers. */
const MAX_LIST_MONTHS = 3;

export const myDuesCommand = defineCommand({
  name: '我的党费',
  aliases: ['my-dues'],
  group: '党费',
  summary: '我的党费基数、每月金额、已交和未交的月份（私信回复）',
  example: '我的党费',
  roles: PARTY,
  readonly: true,
  args: [],
  async run(ctx) {
    const me = ctx.sender.member;
    if (!me || !isPartyMember(me)) throw new CommandError('只有党员有党费记录。');
    const tree = await ctx.tree();
    const unit = duesUnitOf(tree, me.unitId);
    if (!unit) throw new CommandError('你还不属于任何组织。');
    const ring = await requireDuesKeyring(ctx.deps.config);
    const now = thisMonth(ctx, unit);
    const d = await memberDues(
      ctx.db,
      ring,
      me,
      addMonths(now, -DUES_LOOKBACK_MONTHS),
      addMonths(now, MAX_MONTHS_AHEAD),
    );
    if (ctx.msg.chatType === 'group') ctx.reply(DUES_TEXT.sentDirect);
    if (!d.basis && d.history.length === 0) {
      ctx.replyDirect(`${unit.name} 还没有登记你的党费基数，请联系支部组织委员。`);
      return;
    }
    const upToNow = d.lines.filter((l) => l.month <= now);
    const current = d.history.length ? d.lines.find((l) => l.month === now) : undefined;
    const basisNow = d.history.filter((v) => v.fromMonth <= now).at(-1)?.basis ?? d.history[0]!.basis;
    const lines = [`你的党费（${unit.name}）：${basisLine(basisNow)}。`];
    const paid = upToNow.filter((l) => l.state === 'paid').map((l) => l.month);
    lines.push(paid.length ? `近一年已交：${monthsLabel(paid)}。` : '近一年还没有交纳记录。');
    const due = owing(upToNow);
    if (due.length) {
      const total = due.reduce((s, l) => s + remainder(l), 0);
      lines.push(
        `未交清：${due.map((l) => `${monthLabel(l.month)} ${yuan(remainder(l))} 元`).join('、')}；共 ${yuan(total)} 元。`,
      );
    } else if (current) lines.push('目前没有欠交。');
    const ahead = d.lines.filter((l) => l.month > now && l.state === 'paid').map((l) => l.month);
    if (ahead.length) lines.push(`已预交：${monthsLabel(ahead)}。`);
    lines.push('（基数只有你本人和本支部书记、委员能看到。）');
    ctx.replySensitive(lines.join('\n'));
  },
});

export const unitDuesCommand = defineCommand({
  name: '党费',
  aliases: ['dues'],
  group: '党费',
  summary: '本月（或所写月份）党费：已交、未交的人和收缴合计，连续未交预警（私信回复）',
  example: '党费 12月',
  roles: OFFICERS,
  readonly: true,
  args: [optional(word('month', '月份', monthSpecSchema)), optional(rest('unit', '组织名称'))],
  async run(ctx, { month: spec, unit: unitName }) {
    const tree = await ctx.tree();
    const unit = duesUnitFor(ctx, tree, unitName);
    const ring = await requireDuesKeyring(ctx.deps.config);
    const now = thisMonth(ctx, unit);
    const months: Month[] = spec ? resolveMonths(spec, now) : [now];
    if (months.length === 0 || months.length > MAX_LIST_MONTHS)
      throw new CommandError(
        `一次最多查看 ${MAX_LIST_MONTHS} 个月。`,
        '党费 [月份] [组织名称]\n例如：党费、党费 11月、党费 本季度',
      );
    const last = months.at(-1)!;
    const people = await unitDues(ctx.db, ring, tree, unit, addMonths(last, -DUES_LOOKBACK_MONTHS), last);
    const current = people.filter((d) => duesUnitOf(tree, d.member.unitId)?.id === unit.id);
    const payments = await unitPayments(ctx.db, unit.id, months[0]!, last);
    const names = new Map(people.map((d) => [d.member.id, d.member.name]));
    const parts: string[] = [];
    for (const m of months) {
      parts.push(monthReportText(monthFacts(unit.name, people, m)));
      const standing = payments.filter((p) => p.month === m && p.reversedAt === null);
      if (standing.length)
        parts.push(`记录编号：${standing.map((p) => `${names.get(p.memberId) ?? '?'} #${p.id}`).join('、')}`);
    }
    const behind = behindFacts(unit.name, current, Math.min(last, now));
    if (behind) parts.push(duesTexts.behind(behind));
    if (ctx.msg.chatType === 'group') ctx.reply(DUES_TEXT.sentDirect);
    ctx.replyDirect(parts.join('\n'));
  },
});
