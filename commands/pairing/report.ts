import { z } from 'zod';
import { withDefault, word } from '../../src/command/args.js';
import { defineCommand } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { actorIdentity } from '../../src/contracts/identity.js';
import { formatTime } from '../../src/contracts/time.js';
import { exportLinks, type ExportTarget } from '../../src/services/meetings/exports.js';
import { serviceRecordsBook } from '../../src/services/pairing/export.js';
import { NEED_STATUSES, PAIRED_STATUSES, type NeedStatus } from '../../src/services/pairing/lifecycle.js';
import { listNeeds, loadNeedDetail, MAX_LISTED_NEEDS, requireActor } from '../../src/services/pairing/needs.js';
import { reportScope } from '../../src/services/pairing/scope.js';
import { pairingStats } from '../../src/services/pairing/stats.js';
import type { CommandContext } from '../../src/command/context.js';
import { DEFAULT_PERIOD, requirePeriod } from './period.js';
import { needId } from './args.js';
import { needDetailText } from './need-detail.js';
import { REPLY, scopeName, statsText } from './replies.js';
import { householdLine } from './texts.js';

const GROUP = '结对帮扶';
const DAY_MS = 86_400_000;
/** Longest 时间范围 read. */
const MAX_PERIOD_CHARS = 20;

/** A 需求列表 filter: the statuses it lists and how the answer names them. */
interface StatusFilter {
  label: string;
  statuses: readonly NeedStatus[];
}

const NOT_CLOSED: StatusFilter = { label: '未结案', statuses: NEED_STATUSES.filter((s) => s !== 'closed') };

/** The words of 需求列表's filter; a Map, so "__proto__" or "constructor" is just another unknown word. */
const STATUS_WORDS: ReadonlyMap<string, readonly NeedStatus[]> = new Map<string, readonly NeedStatus[]>([
  ['待派单', ['open']],
  ['未派单', ['open']],
  ['open', ['open']],
  ['已派单', ['assigned']],
  ['待接单', ['assigned']],
  ['assigned', ['assigned']],
  ['已接单', ['accepted']],
  ['accepted', ['accepted']],
  ['服务中', ['in_service']],
  ['in_service', ['in_service']],
  ['已评价', ['rated']],
  ['rated', ['rated']],
  ['已结案', ['closed']],
  ['closed', ['closed']],
  ['结对中', PAIRED_STATUSES],
  ['进行中', PAIRED_STATUSES],
  ['全部', NEED_STATUSES],
  ['all', NEED_STATUSES],
]);

const STATUS_FILTER = z
  .string()
  .refine((s) => STATUS_WORDS.has(s), '应为 待派单、已派单、已接单、服务中、已评价、已结案、结对中 或 全部')
  .transform((s): StatusFilter => ({ label: s, statuses: STATUS_WORDS.get(s)! }));

const scopeOf = async (ctx: CommandContext) =>
  reportScope(ctx.sender, await ctx.tree(), ctx.binding?.unitId ?? null, ctx.deps.config.PIONEER_TZ);

export const needsCommand = defineCommand({
  name: '需求列表',
  aliases: ['needs'],
  group: GROUP,
  summary: '按状态列出求助需求（不含住户个人信息）',
  example: '需求列表 待派单',
  roles: OFFICERS,
  readonly: true,
  args: [withDefault(word('status', '状态', STATUS_FILTER), NOT_CLOSED)],
  async run(ctx, args) {
    const scope = await scopeOf(ctx);
    const name = scopeName(scope.unitName);
    const rows = await listNeeds(ctx.db, scope.unitIds, args.status.statuses);
    if (rows.length === 0) {
      ctx.reply(REPLY.noNeeds(name, args.status.label));
      return;
    }
    const now = ctx.now.getTime();
    const cut = rows.length > MAX_LISTED_NEEDS ? MAX_LISTED_NEEDS : null;
    const lines = [REPLY.needsHeader(name, args.status.label, cut)];
    for (const { need, volunteerName } of rows.slice(0, MAX_LISTED_NEEDS)) {
      const household = householdLine(need, scope.timeZone);
      lines.push(REPLY.needLine(need, volunteerName, Math.floor((now - need.statusAt) / DAY_MS), household));
    }
    ctx.reply(lines.join('\n'));
  },
});

export const needDetailCommand = defineCommand({
  name: '需求',
  aliases: ['need-detail'],
  group: GROUP,
  summary: '查看一个需求的状态、住户信息是否登记或已删除（不含住户个人信息）',
  example: '需求 12',
  roles: OFFICERS,
  readonly: true,
  args: [needId()],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const { need, volunteerName } = await loadNeedDetail(ctx.db, args.id);
    requireActor(ctx.sender, tree, need, 'officer');
    const timeZone = tree.get(need.unitId)?.timeZone ?? ctx.deps.config.PIONEER_TZ;
    ctx.reply(needDetailText(need, volunteerName, timeZone));
  },
});

export const pairingStatsCommand = defineCommand({
  name: '结对统计',
  aliases: ['pairing-stats'],
  group: GROUP,
  summary: '帮扶住户数、志愿者、服务时长、待派单和未走访',
  example: '结对统计',
  roles: OFFICERS,
  readonly: true,
  args: [],
  async run(ctx) {
    const scope = await scopeOf(ctx);
    ctx.reply(statsText(scopeName(scope.unitName), await pairingStats(ctx.db, scope.unitIds, ctx.now)));
  },
});

export const serviceExportCommand = defineCommand({
  name: '服务导出',
  aliases: ['service-export'],
  group: GROUP,
  summary: '导出志愿服务记录（CSV、XLSX；仅书记、委员；下载链接私信发给你；记录在审计日志）',
  example: '服务导出 本季度',
  roles: OFFICERS,
  args: [withDefault(word('period', '时间范围', z.string().max(MAX_PERIOD_CHARS)), DEFAULT_PERIOD)],
  async run(ctx, args) {
    const scope = await scopeOf(ctx);
    const name = scopeName(scope.unitName);
    const period = requirePeriod(args.period, ctx.now, scope.timeZone);
    const tree = await ctx.tree();
    const { rows, truncated } = await serviceRecordsBook(ctx.db, tree, scope.unitIds, period, scope.timeZone, '');
    if (rows === 0) throw new CommandError(REPLY.noRecords(name, period.label));
    // The file is built when the link is opened; the link names the unit (null: every unit) and the period.
    const target: ExportTarget = {
      kind: 'service',
      unitId: scope.unitName === null ? null : scope.unitIds[0]!,
      start: period.start?.getTime() ?? null,
      end: period.end?.getTime() ?? null,
      label: period.label,
    };
    const by = ctx.sender.member?.id ?? actorIdentity(ctx.sender);
    const links = await exportLinks(ctx.deps.config, target, by, ctx.now);
    ctx.audit('pairing.export', {
      unitId: scope.unitIds[0] ?? null,
      target: period.label,
      detail: { rows, truncated },
    });
    if (ctx.msg.chatType === 'group') ctx.reply(REPLY.exportSent(ctx.sender.name));
    ctx.replySensitive(
      REPLY.export(name, period.label, rows, truncated, links, formatTime(links.expiresAt, scope.timeZone)),
      'export-link',
    );
  },
});
