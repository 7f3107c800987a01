import { z } from 'zod';
import { defineCommand } from '../../src/command/define.js';
import type { CommandContext } from '../../src/command/context.js';
import { CommandError } from '../../src/command/errors.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { requirePeriod, serviceRecordsCsv } from '../../src/services/pairing/export.js';
import { NEED_STATUSES, PAIRED_STATUSES, STATUS_LABEL, type NeedStatus } from '../../src/services/pairing/lifecycle.js';
import { householdState, listNeeds, managedUnitIds, MAX_LISTED_NEEDS, needTitle } from '../../src/services/pairing/needs.js';
import { formatStats, pairingStats } from '../../src/services/pairing/stats.js';

const GROUP = '结对帮扶';
const DAY_MS = 86_400_000;

const STATUS_WORDS: Record<string, readonly NeedStatus[]> = {
  待派单: ['open'],
  未派单: ['open'],
  open: ['open'],
  已派单: ['assigned'],
  待接单: ['assigned'],
  assigned: ['assigned'],
  已接单: ['accepted'],
  accepted: ['accepted'],
  服务中: ['in_service'],
  in_service: ['in_service'],
  已评价: ['rated'],
  rated: ['rated'],
  已结案: ['closed'],
  closed: ['closed'],
  结对中: PAIRED_STATUSES,
  进行中: PAIRED_STATUSES,
  全部: NEED_STATUSES,
  all: NEED_STATUSES,
};
const NOT_CLOSED = NEED_STATUSES.filter((s) => s !== 'closed');

/** The unit an officer's report covers: the chat's bound unit, else their own. */
async function reportScope(ctx: CommandContext): Promise<{ unitIds: string[]; name: string; timeZone: string }> {
  const tree = await ctx.tree();
  const unitIds = managedUnitIds(ctx.sender, tree, ctx.binding?.unitId ?? null);
  // managedUnitIds lists the base unit first, unless an admin without a unit sees everything.
  const top = unitIds.length === tree.byId.size && !ctx.binding && !ctx.sender.member?.unitId ? undefined : tree.get(unitIds[0]);
  return { unitIds, name: top?.name ?? '全部组织', timeZone: top?.timeZone ?? ctx.deps.config.PIONEER_TZ };
}

export const needsCommand = defineCommand({
  name: '需求列表',
  aliases: ['needs'],
  group: GROUP,
  summary: '按状态列出求助需求（不含住户个人信息）',
  usage: '需求列表 [状态]',
  example: '需求列表 待派单',
  roles: OFFICERS,
  readonly: true,
  params: ['status?:状态'],
  schema: z.object({
    status: z
      .string()
      .refine((s) => s in STATUS_WORDS, '应为 待派单、已派单、已接单、服务中、已评价、已结案、结对中 或 全部')
      .optional(),
  }),
  async run(ctx, args) {
    const scope = await reportScope(ctx);
    const statuses = args.status ? STATUS_WORDS[args.status]! : NOT_CLOSED;
    const rows = await listNeeds(ctx.db, scope.unitIds, statuses);
    const label = args.status ?? '未结案';
    if (rows.length === 0) {
      ctx.reply(`「${scope.name}」没有${label}的需求。`);
      return;
    }
    const now = ctx.now.getTime();
    const lines = [`「${scope.name}」${label}需求${rows.length > MAX_LISTED_NEEDS ? `（前 ${MAX_LISTED_NEEDS} 个）` : ''}：`];
    for (const { need, volunteerName } of rows.slice(0, MAX_LISTED_NEEDS)) {
      const extra = need.status === 'open' ? `等待 ${Math.floor((now - need.statusAt) / DAY_MS)} 天` : `志愿者 ${volunteerName ?? '—'}`;
      lines.push(`${needTitle(need)} · ${extra} · ${householdState(need)}\n    ${need.description.slice(0, 30)}`);
    }
    ctx.reply(lines.join('\n'));
  },
});

export const pairingStatsCommand = defineCommand({
  name: '结对统计',
  aliases: ['pairing-stats'],
  group: GROUP,
  summary: '帮扶住户数、志愿者、服务时长、待派单和未走访',
  usage: '结对统计',
  example: '结对统计',
  roles: OFFICERS,
  readonly: true,
  schema: z.object({}),
  async run(ctx) {
    const scope = await reportScope(ctx);
    ctx.reply(formatStats(scope.name, await pairingStats(ctx.db, scope.unitIds, ctx.now)));
  },
});

export const serviceExportCommand = defineCommand({
  name: '服务导出',
  aliases: ['service-export'],
  group: GROUP,
  summary: '导出志愿服务记录 CSV（仅书记、委员；私聊发送；记录在审计日志）',
  usage: '服务导出 [时间范围]',
  example: '服务导出 本季度',
  roles: OFFICERS,
  params: ['period?:时间范围'],
  schema: z.object({ period: z.string().max(20).optional() }),
  async run(ctx, args) {
    const scope = await reportScope(ctx);
    const period = requirePeriod(args.period, ctx.now, scope.timeZone);
    const { csv, rows, truncated } = await serviceRecordsCsv(ctx.db, await ctx.tree(), scope.unitIds, period, scope.timeZone);
    if (rows === 0) throw new CommandError(`「${scope.name}」${period.label}没有服务记录。`);
    ctx.audit('pairing.export', { unitId: scope.unitIds[0] ?? null, target: period.label, detail: { rows, truncated } });
    if (ctx.msg.chatType === 'group') ctx.reply(`服务记录已私聊发给 ${ctx.sender.name}。`);
    ctx.replyDirect(
      [
        `「${scope.name}」志愿服务记录 ${period.label}，共 ${rows} 条${truncated ? '（只含前面部分，请缩小时间范围）' : ''}。`,
        '含志愿者个人信息，仅限书记、委员工作使用，请勿转发到群；本次导出已记录在审计日志。',
        '复制以下内容保存为 .csv 文件即可用表格软件打开：',
        csv,
      ].join('\n'),
    );
  },
});
