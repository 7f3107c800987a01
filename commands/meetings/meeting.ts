import { z } from 'zod';
import { defineCommand } from '../../src/command/define.js';
import type { CommandContext } from '../../src/command/context.js';
import { CommandError } from '../../src/command/errors.js';
import { OFFICERS, REGISTERED } from '../../src/contracts/roles.js';
import { newCodeSecret } from '../../src/services/meetings/checkin-code.js';
import { MAX_REASON_CHARS, meetingWithMine, recordAbsenceReason } from '../../src/services/meetings/checkin.js';
import { canManage } from '../../src/services/org/identity.js';
import { meetingCoversUnit, scopeUnitIds, unitAndAncestors } from '../../src/services/meetings/scope.js';
import {
  CHECKIN_WINDOW_MAX_MIN,
  MAX_MEETING_PLACE_CHARS,
  MAX_MEETING_TITLE_CHARS,
  MEETING_TYPE_LABEL,
  cancelMeeting,
  meetingLabel,
  meetingTypeFromWord,
  moveMeeting,
  phaseOf,
  requireMeeting,
  rollRepeats,
  scheduleMeeting,
  updateMeeting,
  upcomingMeetings,
  windowOf,
  type Meeting,
} from '../../src/services/meetings/meetings.js';
import { requireManage, requireUnit } from '../../src/services/org/org.js';
import { countMissed } from '../../src/services/reminders/missed.js';
import { scheduleReminders, type PlannedReminder } from '../../src/services/reminders/plan.js';
import { formatOffset } from '../reminders/texts.js';
import type { Unit, UnitTree } from '../../src/services/org/units.js';
import { formatTime } from '../../src/contracts/time.js';
import { parseChineseTime } from '../../src/command/zh-time.js';
import { chatUnit, checkOfficer, meetingNumber, resolvePerson, tzOf } from './common.js';
import { parseMeetingDetails } from './parse.js';

const TYPE_WORDS = Object.values(MEETING_TYPE_LABEL).join('、');
const hhmm = (d: Date, tz: string) => formatTime(d, tz).split(' ')[1]!;
const idSchema = z.string().refine((s) => meetingNumber(s) !== null, '应为会议编号（数字）').transform((s) => meetingNumber(s)!);

/** The unit a 会议 is for: 组织:名称 (direct chats), the group's bound unit, or the officer's own unit. */
function meetingUnit(ctx: CommandContext, tree: UnitTree, name: string | null): Unit {
  if (name) {
    const unit = requireUnit(tree, name);
    if (ctx.msg.chatType === 'group' && ctx.binding?.unitId !== unit.id) {
      throw new CommandError(`本群绑定的是「${tree.get(ctx.binding?.unitId)?.name ?? '（未绑定）'}」。要为「${unit.name}」安排会议，请在它的群里或私聊我。`);
    }
    return unit;
  }
  return chatUnit(ctx, tree);
}

/** "提醒：提前 1天、1小时、15分钟（12月4日(周五) 15:00 起）发到绑定的群" or nothing. */
function reminderLine(planned: readonly PlannedReminder[], tz: string): string[] {
  if (planned.length === 0) return [];
  const first = Math.min(...planned.map((p) => p.dueAt));
  return [`提醒：提前 ${planned.map((p) => formatOffset(p.offsetMin)).join('、')}（${formatTime(new Date(first), tz)} 起）发到绑定的群。`];
}

function windowLine(m: Meeting, tz: string): string {
  const w = windowOf(m);
  return `签到：${hhmm(w.opensAt, tz)} 至 ${hhmm(w.closesAt, tz)}（${hhmm(w.startsAt, tz)} 后签到记为迟到）`;
}

export const meetingCommand = defineCommand({
  name: '会议',
  aliases: ['meeting'],
  group: '会议',
  summary: '安排会议（三会一课、主题党日、志愿活动），回复编号和签到时间',
  usage: '会议 <类型> <时间> [地点] [标题] [主持人:@某人] [记录人:@某人] [需签到码] [组织:名称]',
  example: '会议 党员大会 12月5日下午3点 党员活动室 学习党的二十大精神 主持人:@王书记',
  roles: OFFICERS,
  params: ['type:类型', 'details...:时间'],
  schema: z.object({
    type: z.string().refine((w) => meetingTypeFromWord(w) !== null, `应为 ${TYPE_WORDS} 之一`),
    details: z.string().min(1),
  }),
  async run(ctx, args) {
    const tree = await ctx.tree();
    const type = meetingTypeFromWord(args.type)!;
    const d = parseMeetingDetails(ctx.command.args.slice(1), ctx.now, (name) => (name ? requireUnit(tree, name) : chatUnit(ctx, tree)).timeZone);
    const unit = meetingUnit(ctx, tree, d.unitName);
    requireManage(ctx.sender, tree, unit);
    const host = d.host ? await resolvePerson(ctx, tree, d.host) : null;
    const recorder = d.recorder ? await resolvePerson(ctx, tree, d.recorder) : null;
    const { config } = ctx.deps;
    const m = await scheduleMeeting(ctx.work, {
      unitId: unit.id,
      type,
      title: d.title ?? MEETING_TYPE_LABEL[type],
      place: d.place,
      startsAt: d.startsAt,
      repeat: d.repeat,
      requireCode: d.requireCode,
      opensBeforeMin: config.CHECKIN_OPENS_BEFORE_MIN,
      closesAfterMin: config.CHECKIN_CLOSES_AFTER_MIN,
      hostMemberId: host?.id ?? null,
      recorderMemberId: recorder?.id ?? null,
      createdBy: `${ctx.msg.platform}:${ctx.msg.senderId}`,
    });
    const planned = await scheduleReminders(ctx.work, tree, [m], config);
    ctx.audit('meeting.create', { unitId: unit.id, target: String(m.id), detail: { type, startsAt: m.startsAt, repeat: d.repeat } });
    const tz = unit.timeZone;
    const lines = [
      `已安排会议 #${m.id}：${unit.name} ${MEETING_TYPE_LABEL[type]}${m.title !== MEETING_TYPE_LABEL[type] ? `「${m.title}」` : ''}`,
      `时间：${formatTime(d.startsAt, tz)}${m.place ? `　地点：${m.place}` : ''}`,
      windowLine(m, tz),
    ];
    if (host || recorder) lines.push(`主持人：${host?.name ?? '未定'}　记录人：${recorder?.name ?? '未定'}`);
    if (d.repeat) lines.push(`每月${d.repeat.day}日 ${hhmm(d.startsAt, tz)} 重复：本次开始后自动安排下一次。`);
    if (m.codeSecret) lines.push(`需要签到码：开会时请书记或委员私聊我发送「签到码 ${m.id}」，在会场出示。`);
    lines.push(`成员届时发送「签到」即可；不能参加请提前发送「请假 ${m.id} 原因」。`);
    lines.push(...reminderLine(planned, tz));
    ctx.reply(lines.join('\n'));
  },
});

export const meetingsCommand = defineCommand({
  name: '会议列表',
  aliases: ['meetings'],
  group: '会议',
  summary: '查看本组织近期的会议',
  usage: '会议列表 [组织名称]',
  example: '会议列表',
  roles: REGISTERED,
  params: ['unit...?:组织名称'],
  schema: z.object({ unit: z.string().optional() }),
  async run(ctx, args) {
    const tree = await ctx.tree();
    const unit = args.unit ? requireUnit(tree, args.unit) : chatUnit(ctx, tree);
    const own = ctx.sender.member?.unitId;
    if (args.unit && !canManage(ctx.sender, tree, unit.id) && !(own && tree.isWithin(own, unit.id))) {
      throw new CommandError(`你无权查看「${unit.name}」的会议。`);
    }
    const ids = unitAndAncestors(tree, unit.id);
    const created = await rollRepeats(ctx.work, tree, ids);
    await scheduleReminders(ctx.work, tree, created, ctx.deps.config);
    const stored = await upcomingMeetings(ctx.db, ids, ctx.now);
    const missed = canManage(ctx.sender, tree, unit.id)
      ? await countMissed(ctx.db, tree.subtree(unit.id).map((u) => u.id), new Date(ctx.now.getTime() - ctx.deps.config.REMINDER_MISSED_LIST_DAYS * 86_400_000))
      : 0;
    const missedHint = missed ? `（另有 ${missed} 条会议提醒因系统停机未能按时发出，发送「错过提醒」查看。）` : '';
    const list = [...stored, ...created]
      .filter((m) => m.unitId === unit.id || meetingCoversUnit(tree, m, unit.id))
      .sort((a, b) => a.startsAt - b.startsAt);
    if (list.length === 0) {
      ctx.reply(`「${unit.name}」近期没有安排会议。${missedHint}`);
      return;
    }
    const lines = [`「${unit.name}」近期会议 ${list.length} 场`];
    for (const m of list) {
      const tz = tzOf(tree, m.unitId);
      const bits = [meetingLabel(m, tz)];
      if (m.place) bits.push(m.place);
      if (m.unitId !== unit.id) bits.push(tree.get(m.unitId)?.name ?? '');
      if (phaseOf(m, ctx.now) === 'open') bits.push('签到中');
      if (m.codeSecret) bits.push('需签到码');
      if (m.seriesId) bits.push('每月');
      lines.push(`· ${bits.join(' · ')}`);
    }
    if (missedHint) lines.push(missedHint);
    ctx.reply(lines.join('\n'));
  },
});

export const cancelCommand = defineCommand({
  name: '取消会议',
  aliases: ['cancel'],
  group: '会议',
  summary: '取消会议并通知绑定的群（加「全部」停止每月重复）',
  usage: '取消会议 <编号> [全部] [原因]',
  example: '取消会议 12 与区里培训冲突',
  roles: OFFICERS,
  params: ['id:编号', 'reason...?:原因'],
  schema: z.object({ id: idSchema, reason: z.string().max(MAX_REASON_CHARS, `原因最多 ${MAX_REASON_CHARS} 个字`).optional() }),
  async run(ctx, args) {
    const tree = await ctx.tree();
    const m = await requireMeeting(ctx.db, args.id);
    checkOfficer(ctx, tree, m);
    const tz = tzOf(tree, m.unitId);
    if (m.status === 'cancelled') throw new CommandError(`会议 #${m.id} 已经取消了。`);
    if (ctx.now.getTime() >= m.startsAt) throw new CommandError(`会议 #${m.id} 已于 ${formatTime(new Date(m.startsAt), tz)} 开始，不能再取消。`);
    const words = (args.reason ?? '').split(' ');
    const series = words[0] === '全部';
    const reason = (series ? words.slice(1) : words).join(' ').trim() || null;
    const unitName = tree.get(m.unitId)?.name ?? '';
    const chats = await cancelMeeting(ctx.work, m, { reason, series, timeZone: tz, unitName, unitIds: scopeUnitIds(tree, m) });
    ctx.audit('meeting.cancel', { unitId: m.unitId, target: String(m.id), detail: { reason, series } });
    ctx.reply(
      `已取消会议 ${meetingLabel(m, tz)}${series && m.seriesId ? '，并停止每月重复' : ''}。` +
        (chats ? `已通知 ${chats} 个绑定的群。` : '该组织没有绑定的群，请另行通知。'),
    );
  },
});

const SETTINGS = '时间（改期）、主持人、记录人、地点、标题、签到码（开/关）、签到窗口（提前分钟 结束后分钟）、缺席原因';

export const meetingSetCommand = defineCommand({
  name: '会议设置',
  aliases: ['meeting-set'],
  group: '会议',
  summary: `修改会议：${SETTINGS}`,
  usage: '会议设置 <编号> <项目> <内容>',
  example: '会议设置 12 主持人 @王书记',
  roles: OFFICERS,
  params: ['id:编号', 'item:项目', 'value...?:内容'],
  schema: z.object({ id: idSchema, item: z.string(), value: z.string().optional() }),
  async run(ctx, args) {
    const tree = await ctx.tree();
    const m = await requireMeeting(ctx.db, args.id);
    checkOfficer(ctx, tree, m);
    if (m.status === 'cancelled') throw new CommandError(`会议 #${m.id} 已取消。`);
    const value = (args.value ?? '').trim();
    const mention = ctx.command.mentions[0]?.name ?? '';
    const person = async () => resolvePerson(ctx, tree, mention || value);
    let done: string;
    switch (args.item) {
      case '时间': {
        const tz = tzOf(tree, m.unitId);
        if (ctx.now.getTime() >= m.startsAt) throw new CommandError(`会议 #${m.id} 已于 ${formatTime(new Date(m.startsAt), tz)} 开始，不能再改期。`);
        const parsed = value ? parseChineseTime(value, { now: ctx.now, timeZone: tz }) : null;
        if (!parsed) throw new CommandError(`没看懂时间「${value.slice(0, 30)}」，例如「会议设置 ${m.id} 时间 明天下午3点」。`);
        if (!parsed.timeCertain) throw new CommandError(`「${parsed.text}」没有写几点开始，请写明时间。`);
        if (parsed.date <= ctx.now) throw new CommandError(`时间「${parsed.text}」（${formatTime(parsed.date, tz)}）已经过去了，请写一个将来的时间。`);
        const unitName = tree.get(m.unitId)?.name ?? '';
        const moved = await moveMeeting(ctx.work, m, parsed.date, { timeZone: tz, unitName, unitIds: scopeUnitIds(tree, m) });
        const planned = await scheduleReminders(ctx.work, tree, [moved.meeting], ctx.deps.config);
        done = [`时间：${formatTime(parsed.date, tz)}`, windowLine(moved.meeting, tz), ...reminderLine(planned, tz), moved.chats ? `已通知 ${moved.chats} 个绑定的群。` : ''].filter(Boolean).join('\n');
        break;
      }
      case '主持人':
      case '记录人': {
        const key = args.item === '主持人' ? 'hostMemberId' : 'recorderMemberId';
        const p = value === '无' ? null : await person();
        updateMeeting(ctx.work, m, { [key]: p?.id ?? null });
        done = `${args.item}：${p?.name ?? '无'}`;
        break;
      }
      case '地点':
      case '标题': {
        const limit = args.item === '地点' ? MAX_MEETING_PLACE_CHARS : MAX_MEETING_TITLE_CHARS;
        if (!value || value.length > limit) throw new CommandError(`${args.item}应为 1-${limit} 个字。`);
        updateMeeting(ctx.work, m, args.item === '地点' ? { place: value } : { title: value });
        done = `${args.item}：${value}`;
        break;
      }
      case '签到码': {
        if (!['开', '关'].includes(value)) throw new CommandError('请写「签到码 开」或「签到码 关」。');
        updateMeeting(ctx.work, m, { codeSecret: value === '开' ? (m.codeSecret ?? newCodeSecret()) : null });
        done = value === '开' ? '签到需要签到码' : '签到不再需要签到码';
        break;
      }
      case '签到窗口': {
        const [before, after] = value.split(' ').map(Number);
        const ok = (n: number | undefined, min: number) => n !== undefined && Number.isInteger(n) && n >= min && n <= CHECKIN_WINDOW_MAX_MIN;
        if (!ok(before, 0) || !ok(after, 1)) throw new CommandError(`请写「签到窗口 <开始前分钟> <开始后分钟>」，例如「签到窗口 15 60」（最多 ${CHECKIN_WINDOW_MAX_MIN} 分钟）。`);
        updateMeeting(ctx.work, m, { opensBeforeMin: before!, closesAfterMin: after! });
        done = windowLine({ ...m, opensBeforeMin: before!, closesAfterMin: after! }, tzOf(tree, m.unitId));
        break;
      }
      case '缺席原因': {
        const p = await resolvePerson(ctx, tree, mention);
        const reason = value.split(' ').filter((w) => !w.startsWith('@')).join(' ').trim();
        if (!reason || reason.length > MAX_REASON_CHARS) throw new CommandError(`请写「缺席原因 @某人 原因」（最多 ${MAX_REASON_CHARS} 个字）。`);
        const row = await meetingWithMine(ctx.db, m.id, p.id);
        recordAbsenceReason(ctx.work, row!, p.id, reason, ctx.sender.member?.id ?? null);
        done = `${p.name} 缺席原因：${reason}`;
        break;
      }
      default:
        throw new CommandError(`不能设置「${args.item}」，可设置：${SETTINGS}。`, `会议设置 <编号> <项目> <内容>\n例如：会议设置 12 记录人 @李四`);
    }
    ctx.audit('meeting.update', { unitId: m.unitId, target: String(m.id), detail: { item: args.item, value } });
    ctx.reply(`已更新会议 #${m.id}　${done}`);
  },
});
