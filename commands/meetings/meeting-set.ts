import { optional, rest, word } from '../../src/command/args.js';
import type { CommandContext } from '../../src/command/context.js';
import { defineCommand } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { recordAbsenceReason } from '../../src/services/meetings/absence.js';
import { checkManager } from '../../src/services/meetings/access.js';
import { changeMeeting, checkMovable, checkNotCancelled, moveMeeting } from '../../src/services/meetings/changes.js';
import { MAX_REASON_CHARS } from '../../src/services/meetings/checkin.js';
import { requireMeeting, type Meeting } from '../../src/services/meetings/meetings.js';
import type { UnitTree } from '../../src/services/org/units.js';
import { removeReminders, scheduleReminders } from '../../src/services/reminders/plan.js';
import { meetingId } from './args.js';
import { placeOf, tzOf } from '../shared/chat.js';
import { personFor } from './people.js';
import { meetingNoticeTexts, reminderLine, windowLine } from './texts.js';
import { readWhen, understoodText, unitTimes } from '../shared/when.js';

const SETTINGS =
  '时间（改期）、主持人、记录人、主讲人、地点、标题、签到码（开/关）、签到窗口（提前分钟 结束后分钟）、缺席原因';

/** Other words people use for a setting: 「会议设置 1 改期 …」 is 时间. */
const SETTING_WORDS: ReadonlyMap<string, string> = new Map([
  ['改期', '时间'],
  ['改时间', '时间'],
  ['日期', '时间'],
  ['主讲', '主讲人'],
  ['主持', '主持人'],
  ['记录', '记录人'],
  ['缺席', '缺席原因'],
]);
const STAFF: ReadonlyMap<string, 'host' | 'recorder' | 'speaker'> = new Map([
  ['主持人', 'host'],
  ['记录人', 'recorder'],
  ['主讲人', 'speaker'],
] as const);
const CODE_SWITCH: ReadonlyMap<string, boolean> = new Map([
  ['开', true],
  ['关', false],
]);

/** 会议设置 <编号> 时间 <时间>: the words read as a time ahead; the meeting moved, its reminders planned again. */
async function reschedule(ctx: CommandContext, tree: UnitTree, m: Meeting, value: string): Promise<string> {
  checkMovable(tree, m, ctx.now);
  const unit = (await unitTimes(ctx, tree))(m.unitId);
  const tz = unit.timeZone;
  const example = `例如「会议设置 ${m.id} 时间 明天下午3点」`;
  const r = readWhen(value, { now: ctx.now, ...unit, purpose: 'meeting', example });
  const moved = await moveMeeting(ctx.work, tree, m, { startsAt: r.start, endsAt: r.end ?? null }, meetingNoticeTexts);
  removeReminders(ctx.work, [m.id]);
  const planned = await scheduleReminders(ctx.work, tree, [moved.meeting], ctx.deps.config);
  const end = moved.meeting.endsAt === null ? undefined : new Date(moved.meeting.endsAt);
  return [
    `时间：${understoodText({ start: r.start, end, assumed: r.assumed }, ctx.now, tz)}`,
    windowLine(moved.meeting, tz),
    ...reminderLine(planned, tz),
    moved.chats ? `已通知 ${moved.chats} 个绑定的群。` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** Applies one setting; returns what the reply says was set. */
async function apply(ctx: CommandContext, tree: UnitTree, m: Meeting, item: string, value: string): Promise<string> {
  const mention = ctx.command.mentions[0]?.name ?? '';
  switch (item) {
    case '时间':
      return reschedule(ctx, tree, m, value);
    case '主持人':
    case '记录人':
    case '主讲人': {
      const p = value === '无' ? null : await personFor(ctx, tree, m.unitId, mention || value);
      changeMeeting(ctx.work, m, { item: STAFF.get(item)!, memberId: p?.id ?? null });
      return `${item}：${p?.name ?? '无'}`;
    }
    case '地点':
    case '标题':
      changeMeeting(ctx.work, m, { item: item === '地点' ? 'place' : 'title', value });
      return `${item}：${value}`;
    case '签到码': {
      const on = CODE_SWITCH.get(value);
      if (on === undefined) throw new CommandError('请写「签到码 开」或「签到码 关」。');
      changeMeeting(ctx.work, m, { item: 'code', on });
      return on ? '签到需要签到码' : '签到不再需要签到码';
    }
    case '签到窗口': {
      const [before, after] = value.split(' ').map(Number);
      const window = { item: 'window', opensBeforeMin: before ?? NaN, closesAfterMin: after ?? NaN } as const;
      const changed = changeMeeting(ctx.work, m, window);
      return windowLine(changed, tzOf(tree, m.unitId));
    }
    case '缺席原因': {
      // 「缺席原因 @赵六 外出务工」, or 「缺席原因 赵六 外出务工」: without a mention the first word names them.
      const words = value.split(' ').filter((w) => w && !w.startsWith('@'));
      const named = mention || words.shift() || '';
      if (!named) throw new CommandError(`请写「缺席原因 @某人 原因」（最多 ${MAX_REASON_CHARS} 个字）。`);
      const p = await personFor(ctx, tree, m.unitId, named);
      const reason = words.join(' ').trim();
      if (!reason || reason.length > MAX_REASON_CHARS) {
        throw new CommandError(`请写「缺席原因 @某人 原因」（最多 ${MAX_REASON_CHARS} 个字）。`);
      }
      await recordAbsenceReason(ctx.work, m.id, p.id, reason, ctx.sender.member?.id ?? null);
      return `${p.name} 缺席原因：${reason}`;
    }
    default:
      throw new CommandError(
        `不能设置「${item}」，可设置：${SETTINGS}。`,
        '会议设置 <编号> <项目> <内容>\n例如：会议设置 12 记录人 @李四',
      );
  }
}

export const meetingSetCommand = defineCommand({
  name: '会议设置',
  aliases: ['meeting-set'],
  group: '会议',
  summary: `修改会议：${SETTINGS}`,
  example: '会议设置 12 主持人 @王书记',
  roles: OFFICERS,
  // 内容 may be only a mention (主持人 @王书记), which is not a word: so it is optional here, and
  // the usage line reads [内容] where it used to read <内容>.
  args: [meetingId('id', '编号', '应为会议编号（数字）'), word('item', '项目'), optional(rest('value', '内容'))],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const m = await requireMeeting(ctx.db, args.id);
    checkManager(tree, ctx.sender, placeOf(ctx), m);
    checkNotCancelled(m);
    const value = (args.value ?? '').trim();
    const item = SETTING_WORDS.get(args.item) ?? args.item;
    const done = await apply(ctx, tree, m, item, value);
    ctx.audit('meeting.update', { unitId: m.unitId, target: String(m.id), detail: { item, value } });
    ctx.reply(`已更新会议 #${m.id}　${done}`);
  },
});
