import { z } from 'zod';
import { defineCommand } from '../../src/command/define.js';
import type { CommandContext } from '../../src/command/context.js';
import { CommandError } from '../../src/command/errors.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { canManage } from '../../src/services/org/identity.js';
import { meetingLabel } from '../../src/services/meetings/meetings.js';
import { requireManage, requireUnit } from '../../src/services/org/org.js';
import { missedReminders } from '../../src/services/reminders/missed.js';
import type { UnitReminderSettings } from '../../src/services/reminders/plan.js';
import { formatOffset, parseOffsets } from '../../src/services/reminders/settings.js';
import { REMINDER_MAX_OFFSETS, REMINDER_MAX_OFFSET_MIN, formatQuietHours, parseQuietSetting } from '../../src/contracts/config/scheduler.js';
import { saveUnitSettings, unitSettings, type SettingsChange } from '../../src/services/reminders/unit-settings.js';
import type { Unit, UnitTree } from '../../src/services/org/units.js';
import { formatTime } from '../../src/contracts/time.js';
import { chatUnit, tzOf } from '../meetings/common.js';

const UNIT_OPTION = /^(?:组织|单位)[:：](.+)$/;
const RESET_WORDS = new Set(['默认', '恢复默认', 'default', 'reset']);
const SET_USAGE = '提醒设置 <偏移,...> | 提醒设置 免打扰 <开始-结束|关> | 提醒设置 恢复默认 [组织:名称]';
const EXAMPLES = '提醒设置 1天,2小时,10分钟 ／ 提醒设置 免打扰 22:00-07:00 ／ 提醒设置 免打扰 关 ／ 提醒设置 恢复默认';

/** The unit a 提醒设置 is about (组织:名称, else the chat's) and the remaining words. */
function settingsUnit(ctx: CommandContext, tree: UnitTree, words: string[]): { unit: Unit; rest: string[] } {
  const opt = words.map((w) => UNIT_OPTION.exec(w)).find(Boolean);
  const rest = words.filter((w) => !UNIT_OPTION.test(w));
  return { unit: opt ? requireUnit(tree, opt[1]!.trim()) : chatUnit(ctx, tree), rest };
}

function source(tree: UnitTree, unit: Unit, from: string | null): string {
  if (from === null) return '（默认）';
  return from === unit.id ? '' : `（沿用「${tree.get(from)?.name ?? '上级'}」的设置）`;
}

function describe(tree: UnitTree, unit: Unit, s: UnitReminderSettings, bypassMin: number): string {
  const quiet = s.quiet
    ? `${formatQuietHours(s.quiet)}${source(tree, unit, s.quietFrom)}。落在免打扰时段的提醒改在时段开始前一分钟发出；会议在 ${formatOffset(bypassMin)} 内开始的照常发送。`
    : `不设${source(tree, unit, s.quietFrom)}。`;
  return [`提前提醒：${s.offsetsMin.map(formatOffset).join('、')}${source(tree, unit, s.offsetsFrom)}`, `免打扰：${quiet}`].join('\n');
}

/** Reads the words after 提醒设置 into a change; throws a message naming what could not be read. */
function parseChange(rest: string[]): SettingsChange {
  if (rest.length === 1 && RESET_WORDS.has(rest[0]!.toLowerCase())) return { offsetsMin: null, quiet: null };
  if (rest[0] === '免打扰') {
    const spec = rest.slice(1).join('');
    if (!spec) throw new CommandError('请写免打扰时段，例如「提醒设置 免打扰 22:00-07:00」，或「提醒设置 免打扰 关」。');
    if (RESET_WORDS.has(spec.toLowerCase())) return { quiet: null };
    const q = parseQuietSetting(spec);
    if (!q) throw new CommandError(`没看懂免打扰时段「${spec.slice(0, 20)}」，请写成「22:00-07:00」或「关」。`);
    return { quiet: q };
  }
  const parsed = parseOffsets(rest.join(' '));
  if (!parsed.ok) throw new CommandError(`没看懂「${parsed.bad.slice(0, 20)}」。提前量请写成「1天」「2小时」「10分钟」，用逗号分开。`, `${SET_USAGE}\n${EXAMPLES}`);
  const list = parsed.offsetsMin;
  if (list.length === 0 || list.length > REMINDER_MAX_OFFSETS) throw new CommandError(`请设置 1 到 ${REMINDER_MAX_OFFSETS} 个提前量。`);
  if (list[0]! > REMINDER_MAX_OFFSET_MIN) throw new CommandError(`提前量最多 ${formatOffset(REMINDER_MAX_OFFSET_MIN)}。`);
  return { offsetsMin: list };
}

export const remindCommand = defineCommand({
  name: '提醒设置',
  aliases: ['remind'],
  group: '会议',
  summary: '查看或修改会议提醒：提前多久提醒、免打扰时段',
  usage: '提醒设置 [偏移,...] [免打扰 开始-结束] [组织:名称]',
  example: '提醒设置 1天,2小时,10分钟',
  roles: OFFICERS,
  params: ['words...?:设置'],
  schema: z.object({ words: z.string().max(200, '设置太长了').optional() }),
  async run(ctx, args) {
    const tree = await ctx.tree();
    const { unit, rest } = settingsUnit(ctx, tree, (args.words ?? '').split(' ').filter(Boolean));
    requireManage(ctx.sender, tree, unit);
    const { config } = ctx.deps;
    if (rest.length === 0) {
      const s = await unitSettings(ctx.work, tree, unit, config);
      ctx.reply([`「${unit.name}」会议提醒设置`, describe(tree, unit, s, config.REMINDER_QUIET_BYPASS_MIN), `修改示例：${EXAMPLES}`].join('\n'));
      return;
    }
    const change = parseChange(rest);
    const by = ctx.sender.member?.id ?? `${ctx.msg.platform}:${ctx.msg.senderId}`;
    const { settings, meetings } = await saveUnitSettings(ctx.work, tree, unit, change, by, config);
    ctx.audit('reminder.settings', { unitId: unit.id, detail: change });
    const lines = [`已更新「${unit.name}」的会议提醒设置`, describe(tree, unit, settings, config.REMINDER_QUIET_BYPASS_MIN)];
    if (meetings) lines.push(`已按新设置调整 ${meetings} 场待开会议的提醒（已发出的不再重发）。`);
    ctx.reply(lines.join('\n'));
  },
});

export const missedCommand = defineCommand({
  name: '错过提醒',
  aliases: ['missed'],
  group: '会议',
  summary: '系统停机期间未能按时发出（也不再补发）的会议提醒',
  usage: '错过提醒 [组织名称]',
  example: '错过提醒',
  roles: OFFICERS,
  readonly: true,
  params: ['unit...?:组织名称'],
  schema: z.object({ unit: z.string().optional() }),
  async run(ctx, args) {
    const tree = await ctx.tree();
    const unit = args.unit ? requireUnit(tree, args.unit) : chatUnit(ctx, tree);
    if (!canManage(ctx.sender, tree, unit.id)) throw new CommandError(`你无权查看「${unit.name}」的会议提醒。`);
    const days = ctx.deps.config.REMINDER_MISSED_LIST_DAYS;
    const list = await missedReminders(ctx.db, tree.subtree(unit.id).map((u) => u.id), new Date(ctx.now.getTime() - days * 86_400_000));
    if (list.length === 0) {
      ctx.reply(`「${unit.name}」近 ${days} 天没有错过的会议提醒。`);
      return;
    }
    const lines = [`「${unit.name}」近 ${days} 天未能按时发出的会议提醒 ${list.length} 条（系统停机所致，已不再补发）：`];
    for (const r of list) {
      const tz = tzOf(tree, r.meeting.unitId);
      lines.push(`· ${meetingLabel(r.meeting, tz)}：提前 ${formatOffset(r.offsetMin)} 的提醒，原定 ${formatTime(new Date(r.dueAt), tz)} 发出`);
    }
    lines.push('如会议仍将举行，请在群里另行通知。');
    ctx.reply(lines.join('\n'));
  },
});
