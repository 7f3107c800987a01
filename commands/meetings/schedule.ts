// Creating a meeting once it is read: the duplicate check, the 确认安排 that overrides it, and the answer.
import type { CommandContext } from '../../src/command/context.js';
import { defineCommand } from '../../src/command/define.js';
import type { Assumption } from '../../src/command/zh-time.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { actorOf } from '../../src/services/meetings/access.js';
import {
  findDuplicate,
  MEETING_DRAFT_CONFIRM_MINUTES,
  saveMeetingDraft,
  takeMeetingDraft,
} from '../../src/services/meetings/duplicates.js';
import { scheduleMeeting, type Meeting, type ScheduleInput } from '../../src/services/meetings/meetings.js';
import { requireManage, requireUnit } from '../../src/services/org/org.js';
import type { Unit, UnitTree } from '../../src/services/org/units.js';
import { scheduleReminders, type PlannedReminder } from '../../src/services/reminders/plan.js';
import { understoodText } from '../shared/when.js';
import { hhmm, meetingLabel, reminderLine, typeName, windowLine } from './texts.js';

/** What the answer says beyond the meeting row: kept with a held-back meeting for its 确认安排. */
export interface ScheduleNote {
  assumed: Assumption[];
  hostName: string | null;
  recorderName: string | null;
  speakerName: string | null;
}

function scheduledLines(
  ctx: CommandContext,
  unit: Unit,
  m: Meeting,
  input: ScheduleInput,
  note: ScheduleNote,
  planned: readonly PlannedReminder[] | null,
): string[] {
  const tz = unit.timeZone;
  const name = typeName(m.type);
  const what = `${unit.name} ${name}${m.title !== name ? `「${m.title}」` : ''}`;
  const end = m.endsAt === null ? undefined : new Date(m.endsAt);
  const lines = [
    planned ? `已安排会议 #${m.id}：${what}` : `会议 #${m.id} 已安排过（同一条命令又收到一次，没有重复安排）：${what}`,
    `时间：${understoodText({ start: new Date(m.startsAt), end, assumed: note.assumed }, ctx.now, tz)}`,
    ...(m.place ? [`地点：${m.place}`] : []),
    windowLine(m, tz),
  ];
  if (note.hostName || note.recorderName) {
    lines.push(`主持人：${note.hostName ?? '未定'}　记录人：${note.recorderName ?? '未定'}`);
  }
  if (note.speakerName) lines.push(`主讲人：${note.speakerName}`);
  if (input.repeat) lines.push(`每月${input.repeat.day}日 ${hhmm(m.startsAt, tz)} 重复：本次开始后自动安排下一次。`);
  if (m.codeSecret) lines.push(`需要签到码：开会时请书记或委员私聊我发送「签到码 ${m.id}」，在会场出示。`);
  lines.push(`成员届时发送「签到」即可；不能参加请提前发送「请假 ${m.id} 原因」。`);
  if (planned) lines.push(...reminderLine(planned, tz));
  return lines;
}

async function create(ctx: CommandContext, tree: UnitTree, unit: Unit, input: ScheduleInput, note: ScheduleNote) {
  const m = await scheduleMeeting(ctx.work, input);
  const planned = await scheduleReminders(ctx.work, tree, [m], ctx.deps.config);
  const detail = { type: m.type, startsAt: m.startsAt, repeat: input.repeat };
  ctx.audit('meeting.create', { unitId: unit.id, target: String(m.id), detail });
  ctx.reply(scheduledLines(ctx, unit, m, input, note, planned).join('\n'));
}

/**
 * 会议: creates the meeting read from the message, unless it repeats one already scheduled: the
 * same command again answers with the meeting it made; a clash is held back for 确认安排.
 */
export async function scheduleOrHold(
  ctx: CommandContext,
  tree: UnitTree,
  unit: Unit,
  input: ScheduleInput,
  note: ScheduleNote,
): Promise<void> {
  const dup = await findDuplicate(ctx.db, input, ctx.now);
  if (dup?.kind === 'retry') {
    ctx.reply(scheduledLines(ctx, unit, dup.meeting, input, note, null).join('\n'));
    return;
  }
  if (dup) {
    saveMeetingDraft(ctx.work, actorOf(ctx.sender), input, dup.meeting.id, note);
    const label = meetingLabel(dup.meeting, unit.timeZone);
    ctx.reply(`已有会议 ${label}，仍要安排请发送「确认安排」（${MEETING_DRAFT_CONFIRM_MINUTES} 分钟内有效）。`);
    return;
  }
  await create(ctx, tree, unit, input, note);
}

export const confirmMeetingCommand = defineCommand({
  name: '确认安排',
  aliases: ['confirm-meeting'],
  group: '会议',
  summary: `安排与已有会议相近的会议（「会议 …」提示「已有会议」后 ${MEETING_DRAFT_CONFIRM_MINUTES} 分钟内）`,
  example: '确认安排',
  roles: OFFICERS,
  args: [],
  async run(ctx) {
    const tree = await ctx.tree();
    const { input, note } = await takeMeetingDraft(ctx.work, ctx.sender);
    const unit = requireUnit(tree, tree.get(input.unitId)?.name ?? input.unitId);
    requireManage(ctx.sender, tree, unit);
    await create(ctx, tree, unit, input, note as ScheduleNote);
  },
});
