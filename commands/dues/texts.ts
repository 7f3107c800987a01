import type { ErrorTexts } from '../../src/command/define.js';
import type { DuesErrors } from '../../src/services/dues/errors.js';
import { monthNumber, yearOf, type Month } from '../../src/services/dues/months.js';
import type { DuesLine, DuesTexts } from '../../src/services/dues/texts.js';
import { yuan, type DuesKind } from '../../src/services/dues/tiers.js';

/** "2026年12月". */
export const monthLabel = (m: Month): string => `${yearOf(m)}年${monthNumber(m)}月`;

/** Months as runs: "2026年10月—12月、2027年2月" (a run spanning a new year names both years). */
export function monthsLabel(months: readonly Month[]): string {
  const sorted = [...new Set(months)].sort((a, b) => a - b);
  const runs: [Month, Month][] = [];
  for (const m of sorted) {
    const last = runs.at(-1);
    const next = last && (monthNumber(last[1]) === 12 ? (yearOf(last[1]) + 1) * 100 + 1 : last[1] + 1);
    if (last && next === m) last[1] = m;
    else runs.push([m, m]);
  }
  return runs
    .map(([a, b]) =>
      a === b
        ? monthLabel(a)
        : yearOf(a) === yearOf(b)
          ? `${monthLabel(a)}—${monthNumber(b)}月`
          : `${monthLabel(a)}—${monthLabel(b)}`,
    )
    .join('、');
}

export const KIND_LABEL: ReadonlyMap<DuesKind, string> = new Map([
  ['salary', '在职（按月工资收入）'],
  ['retiree', '离退休（按离退休费）'],
  ['low_income', '学生、失业、低保等（每月 0.2 元）'],
  ['fixed', '固定金额（支部决定）'],
]);

export const duesErrorTexts: ErrorTexts<DuesErrors> = {
  'dues.no_data_key': () => '没有配置数据密钥（PIONEER_DATA_KEY），不能保存党费基数。请管理员配置后再试。',
  'dues.no_unit': () => '你还不属于任何组织，请写明组织名称。',
  'dues.chat_unbound': () => '这个群还没有绑定组织，请私聊机器人并写明组织名称。',
  'dues.cannot_manage': ({ unitName }) => `你不能管理「${unitName}」的党费。`,
  'dues.member_without_unit': ({ name }) => `${name} 还不属于任何组织。`,
  'dues.not_party_member': ({ name }) => `${name} 不是党员，不交纳党费。`,
  // Without the name: whoever is refused may not learn who is in another unit.
  'dues.base_forbidden': () => '党费基数只有党员本人和所在支部的书记、委员能设置或查看。',
  'dues.no_basis': ({ name }) => `${name} 还没有党费基数，请先私聊发送「党费基数 @${name} <基数>」。`,
  'dues.unreadable': ({ name }) => `${name} 的党费基数无法读取（数据密钥可能已更换），请重新设置。`,
  'dues.before_start': ({ name, start, months }) =>
    `${name} 从 ${monthLabel(start)} 起交纳党费，${monthsLabel(months)} 不用交。`,
  'dues.already_paid': ({ name, months }) =>
    `${name} ${monthsLabel(months)} 的党费已交清。记错了请先「撤销党费 <编号> <原因>」（编号见「党费」）。`,
  'dues.amount_short': ({ neededCents, givenCents }) =>
    `这几个月共应交 ${yuan(neededCents)} 元，写的是 ${yuan(givenCents)} 元。请写足额，或分月记录。`,
  'dues.too_many_months': ({ max }) => `一次最多记录 ${max} 个月。`,
  'dues.too_far_ahead': ({ maxAhead }) => `最多预交 ${maxAhead} 个月。`,
  'dues.payment_not_found': ({ id }) => `没有编号为 #${id} 的党费记录。`,
  'dues.payment_forbidden': ({ id }) => `你不能撤销党费记录 #${id}（不属于你管理的组织）。`,
  'dues.already_reversed': ({ id }) => `党费记录 #${id} 已经撤销过了。`,
};

const names = (list: readonly DuesLine[]) => list.map((l) => l.name).join('、');
const owedOf = (list: readonly DuesLine[]) => list.map((l) => `${l.name} ${yuan(l.dueCents - l.paidCents)}`).join('、');

/** What the monthly job says (SchedulerTexts.dues, composed in commands/index.ts). */
export const duesTexts: DuesTexts = {
  reminder: (f) => {
    const lines = [
      `【党费提醒】${f.unitName}：${monthLabel(f.month)}党费 ${yuan(f.dueCents)} 元，请按时交给支部组织委员。`,
    ];
    if (f.earlier.length) {
      const total = f.earlier.reduce((s, e) => s + e.cents, 0);
      lines.push(`你还有 ${monthsLabel(f.earlier.map((e) => e.month))} 未交清，共 ${yuan(total)} 元，可一并补交。`);
    }
    lines.push('发送「我的党费」查看明细。');
    return lines.join('\n');
  },
  unpaid: (f) => monthReportText(f, '【党费】'),
  behind: (f) =>
    [
      `【党费预警】${f.unitName} 截至 ${monthLabel(f.month)}连续未交党费：`,
      ...f.people.map((p) => {
        const note =
          p.months >= f.lapseMonths
            ? '已满 6 个月：按规定，无正当理由连续 6 个月不交纳党费的，按自行脱党处理。请支部了解原因、研究决定（机器人只作提醒）。'
            : p.months === f.lapseMonths - 1
              ? '下个月将满 6 个月，请尽快联系本人。'
              : '请提醒本人按时交纳。';
        return `· ${p.name}：${p.months} 个月（${monthLabel(p.since)}起）。${note}`;
      }),
    ].join('\n'),
};

/** How a unit's month stands, for officers: the monthly list and the 党费 command. */
export function monthReportText(f: Parameters<DuesTexts['unpaid']>[0], prefix = ''): string {
  const lines = [
    `${prefix}${f.unitName} ${monthLabel(f.month)}党费：已交 ${f.paid.length} 人，共收 ${yuan(f.collectedCents)} 元` +
      `（应收 ${yuan(f.dueCents)} 元）。`,
    f.unpaid.length ? `未交 ${f.unpaid.length} 人：${owedOf(f.unpaid)}` : '没有未交的人。',
  ];
  if (f.short.length) lines.push(`未交足 ${f.short.length} 人：${owedOf(f.short)}`);
  if (f.paid.length) lines.push(`已交：${names(f.paid)}`);
  if (f.exempt.length) lines.push(`免交：${f.exempt.join('、')}`);
  if (f.noBasis.length) lines.push(`未登记党费基数：${f.noBasis.join('、')}（私聊发送「党费基数 @某人 <基数>」）`);
  return lines.join('\n');
}

/** Replies of the 党费 commands. */
export const DUES_TEXT = {
  sentDirect: '党费信息已私信发给你。',
  linkSent: '链接已私信发给你。',
  missingBase: '请写基数（税后月工资收入或离退休费，元），或类别（学生、失业、低保、固定 <金额>）。',
  baseUsage:
    '党费基数 @某人 [基数] [类别] [固定金额] [从 起始月份]\n例如：党费基数 @张三 6200、党费基数 @赵大爷 4200 退休、党费基数 @李四 固定 1',
} as const;
