import { z } from 'zod';
import { choice, optional, rest, word, written } from '../../src/command/args.js';
import { defineCommand } from '../../src/command/define.js';
import { OFFICERS, REGISTERED } from '../../src/contracts/roles.js';
import { actorOf, checkManager, unitToList, unitToSchedule } from '../../src/services/meetings/access.js';
import { cancelMeeting } from '../../src/services/meetings/changes.js';
import { MAX_REASON_CHARS } from '../../src/services/meetings/checkin.js';
import { upcomingForUnit } from '../../src/services/meetings/find.js';
import { phaseOf, requireMeeting, rollRepeats } from '../../src/services/meetings/meetings.js';
import { unitAndAncestors } from '../../src/services/meetings/scope.js';
import { canManage } from '../../src/services/org/identity.js';
import { requireUnit } from '../../src/services/org/org.js';
import { countMissed } from '../../src/services/reminders/missed.js';
import { removeReminders, scheduleReminders } from '../../src/services/reminders/plan.js';
import { meetingId } from './args.js';
import { chatUnit, placeOf, tzOf } from '../shared/chat.js';
import { personFor } from './people.js';
import { unitTimes } from '../shared/when.js';
import { parseMeetingDetails } from './parse.js';
import { scheduleOrHold } from './schedule.js';
import {
  MEETING_TYPE_WORDS,
  TYPE_LIST,
  meetingLabel,
  meetingNoticeTexts,
  meetingSpanLabel,
  typeName,
} from './texts.js';

/** A meeting type as typed; the refusal lists the seven names, not every accepted form. */
const TYPE = z
  .string()
  .refine((w) => MEETING_TYPE_WORDS.has(w.trim()), `应为 ${TYPE_LIST} 之一`)
  .transform((w) => MEETING_TYPE_WORDS.get(w.trim())!);

export const meetingCommand = defineCommand({
  name: '会议',
  aliases: ['meeting'],
  group: '会议',
  summary: '安排会议（三会一课、主题党日、志愿活动），回复编号和签到时间',
  example: '会议 党课 12月5日下午3点 党员活动室 学习党的二十大精神 主讲人:@王书记',
  roles: OFFICERS,
  // After the type the words are free text: a time of one to four words (or a monthly rule),
  // then place and title, with the options anywhere; parse.ts reads them from the message. The
  // list names those parts for the usage line and requires the time; their bound values are unused.
  args: [
    word('type', '类型', TYPE),
    word('time', '时间'),
    optional(word('place', '地点')),
    optional(word('title', '标题')),
    optional(word('host', '主持人:@某人')),
    optional(word('recorder', '记录人:@某人')),
    optional(word('speaker', '主讲人:@某人')),
    optional(word('code', '需签到码')),
    optional(word('unit', '组织:名称')),
  ],
  async run(ctx, { type }) {
    const tree = await ctx.tree();
    const place = placeOf(ctx);
    const times = await unitTimes(ctx, tree);
    const unitOf = (name: string | null) => times((name ? requireUnit(tree, name) : chatUnit(ctx, tree)).id);
    const d = parseMeetingDetails(ctx.command.args.slice(1), ctx.now, unitOf);
    const unit = unitToSchedule(tree, ctx.sender, place, d.unitName);
    const named = (name: string | null) => (name ? personFor(ctx, tree, unit.id, name) : null);
    const [host, recorder, speaker] = await Promise.all([named(d.host), named(d.recorder), named(d.speaker)]);
    const { config } = ctx.deps;
    const input = {
      unitId: unit.id,
      type,
      title: d.title ?? typeName(type),
      place: d.place,
      startsAt: d.startsAt,
      endsAt: d.endsAt,
      repeat: d.repeat,
      requireCode: d.requireCode,
      opensBeforeMin: config.CHECKIN_OPENS_BEFORE_MIN,
      closesAfterMin: config.CHECKIN_CLOSES_AFTER_MIN,
      hostMemberId: host?.id ?? null,
      recorderMemberId: recorder?.id ?? null,
      speakerMemberId: speaker?.id ?? null,
      createdBy: actorOf(ctx.sender),
    };
    const note = {
      assumed: d.assumed,
      hostName: host?.name ?? null,
      recorderName: recorder?.name ?? null,
      speakerName: speaker?.name ?? null,
    };
    await scheduleOrHold(ctx, tree, unit, input, note);
  },
});

export const meetingsCommand = defineCommand({
  name: '会议列表',
  aliases: ['meetings'],
  group: '会议',
  summary: '查看本组织近期的会议',
  example: '会议列表',
  roles: REGISTERED,
  args: [optional(rest('unit', '组织名称'))],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const unit = unitToList(tree, ctx.sender, placeOf(ctx), args.unit);
    const created = await rollRepeats(ctx.work, tree, unitAndAncestors(tree, unit.id));
    await scheduleReminders(ctx.work, tree, created, ctx.deps.config);
    const list = await upcomingForUnit(ctx.db, tree, unit, ctx.now, created);
    const since = new Date(ctx.now.getTime() - ctx.deps.config.REMINDER_MISSED_LIST_DAYS * 86_400_000);
    const missed = canManage(ctx.sender, tree, unit.id)
      ? await countMissed(
          ctx.db,
          tree.subtree(unit.id).map((u) => u.id),
          since,
        )
      : 0;
    const missedHint = missed ? `（另有 ${missed} 条会议提醒因系统停机未能按时发出，发送「错过提醒」查看。）` : '';
    if (list.length === 0) {
      ctx.reply(`「${unit.name}」近期没有安排会议。${missedHint}`);
      return;
    }
    const lines = [`「${unit.name}」近期会议 ${list.length} 场`];
    for (const m of list) {
      const bits = [meetingSpanLabel(m, tzOf(tree, m.unitId))];
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

/** 取消会议's word for "and its monthly repeat". */
const SERIES_WORDS: ReadonlyMap<string, true> = new Map([['全部', true]]);

export const cancelCommand = defineCommand({
  name: '取消会议',
  // 「取消 9」「删除会议 11」 are what people also write for it.
  aliases: ['cancel', '取消', '删除会议'],
  group: '会议',
  summary: '取消会议并通知绑定的群（加「全部」停止每月重复）',
  example: '取消会议 12 与区里培训冲突',
  roles: OFFICERS,
  args: [
    meetingId('id', '编号', '应为会议编号（数字）'),
    optional(choice('series', '全部', SERIES_WORDS)),
    optional(written(rest('reason', '原因', z.string().max(MAX_REASON_CHARS, `原因最多 ${MAX_REASON_CHARS} 个字`)))),
  ],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const m = await requireMeeting(ctx.db, args.id);
    checkManager(tree, ctx.sender, placeOf(ctx), m);
    const series = args.series === true;
    const reason = args.reason?.trim() || null;
    const chats = await cancelMeeting(ctx.work, tree, m, { reason, series }, meetingNoticeTexts);
    removeReminders(ctx.work, [m.id]);
    ctx.audit('meeting.cancel', { unitId: m.unitId, target: String(m.id), detail: { reason, series } });
    ctx.reply(
      `已取消会议 ${meetingLabel(m, tzOf(tree, m.unitId))}${series && m.seriesId ? '，并停止每月重复' : ''}。` +
        (chats ? `已通知 ${chats} 个绑定的群。` : '该组织没有绑定的群，请另行通知。'),
    );
  },
});
