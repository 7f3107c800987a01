// What members ask for around a meeting (请假, 补签) and the officers' decisions on 补签.
import { optional, rest, text, written } from '../../src/command/args.js';
import type { CommandContext } from '../../src/command/context.js';
import { defineCommand } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { OFFICERS, REGISTERED } from '../../src/contracts/roles.js';
import { enqueueToMember } from '../../src/outbox/enqueue.js';
import { requestLeave, withdrawLeave } from '../../src/services/meetings/absence.js';
import { requireMemberRecord } from '../../src/services/meetings/access.js';
import { MAX_REASON_CHARS } from '../../src/services/meetings/checkin.js';
import { meetingOfLeave, nextMeetingForLeave, numberedMeeting } from '../../src/services/meetings/find.js';
import { decideMakeup, requestMakeup } from '../../src/services/meetings/makeup.js';
import { meetingId } from './args.js';
import { chatUnit, placeOf, tzOf } from '../shared/chat.js';
import { makeupDecisionText, meetingLabel } from './texts.js';

export const leaveCommand = defineCommand({
  name: '请假',
  aliases: ['leave'],
  group: '会议',
  summary: '会议开始前请假',
  example: '请假 12 外出就医',
  roles: REGISTERED,
  // The reason's length is checked in run so the refusal reads as it always has.
  args: [optional(meetingId('id', '编号')), written(rest('reason', '原因'))],
  async run(ctx, args) {
    const member = requireMemberRecord(ctx.sender);
    const reason = args.reason.trim();
    if (reason.length > MAX_REASON_CHARS) {
      throw new CommandError(`原因最多 ${MAX_REASON_CHARS} 个字。`, '请假 [编号] <原因>\n例如：请假 12 外出就医');
    }
    const tree = await ctx.tree();
    const r =
      args.id !== undefined
        ? await numberedMeeting(ctx.db, tree, placeOf(ctx), args.id, member.id)
        : await nextMeetingForLeave(ctx.db, tree, chatUnit(ctx, tree), member, ctx.now);
    requestLeave(ctx.work, tree, r, member, reason);
    ctx.reply(`${member.name} 已请假：${meetingLabel(r.meeting, tzOf(tree, r.meeting.unitId))}（原因：${reason}）`);
  },
});

export const cancelLeaveCommand = defineCommand({
  name: '撤销请假',
  aliases: ['cancel-leave'],
  group: '会议',
  summary: '撤销自己的请假（会议结束前）',
  example: '撤销请假 12',
  roles: REGISTERED,
  args: [optional(meetingId('id', '编号'))],
  async run(ctx, args) {
    const member = requireMemberRecord(ctx.sender);
    const tree = await ctx.tree();
    const r =
      args.id !== undefined
        ? await numberedMeeting(ctx.db, tree, placeOf(ctx), args.id, member.id)
        : await meetingOfLeave(ctx.db, tree, chatUnit(ctx, tree), member.id, ctx.now);
    withdrawLeave(ctx.work, r, member.id);
    const label = meetingLabel(r.meeting, tzOf(tree, r.meeting.unitId));
    const when = ctx.now.getTime() < r.meeting.startsAt ? '届时' : '';
    ctx.reply(`${member.name} 已撤销请假：${label}。${when}请发送「签到」。`);
  },
});

export const makeupCommand = defineCommand({
  name: '补签',
  aliases: ['makeup'],
  group: '会议',
  summary: '签到结束后申请补签（需书记或委员批准）',
  example: '补签 12 手机没电，实际按时参会',
  roles: REGISTERED,
  args: [meetingId('id', '编号'), text('reason', '原因', { max: MAX_REASON_CHARS })],
  async run(ctx, args) {
    const member = requireMemberRecord(ctx.sender);
    const tree = await ctx.tree();
    const r = await numberedMeeting(ctx.db, tree, placeOf(ctx), args.id, member.id);
    const no = await requestMakeup(ctx.work, tree, r, member, args.reason);
    ctx.reply(`${member.name} 的补签申请已提交，申请号 ${no}（会议 #${r.meeting.id}），请等待书记或委员审批。`);
  },
});

/** 批准 / 驳回: records the decision, tells the member by direct message, says whether that could be sent. */
async function decide(ctx: CommandContext, id: number, approve: boolean, note: string | null): Promise<void> {
  const tree = await ctx.tree();
  const decided = await decideMakeup(ctx.work, tree, ctx.sender, placeOf(ctx), id, { approve, note });
  const { request: req, meeting: m, memberName } = decided;
  const text = makeupDecisionText({ meeting: m, zone: tzOf(tree, m.unitId), requestId: req.id, approve, note });
  const message = { kind: 'makeup.decision', ref: String(req.id), text };
  const told = await enqueueToMember(ctx.work, req.memberId, message, ctx.msg.platform);
  const detail = { memberId: req.memberId, note: note ?? undefined };
  ctx.audit(approve ? 'makeup.approve' : 'makeup.reject', { unitId: m.unitId, target: String(req.id), detail });
  const notice = told ? '已通知本人。' : '本人没有可通知的账号，请另行告知。';
  ctx.reply(`${memberName} 的补签申请 ${req.id}（会议 #${m.id}）${approve ? '已批准' : '已驳回'}。${notice}`);
}

export const approveCommand = defineCommand({
  name: '批准',
  aliases: ['approve'],
  group: '会议',
  summary: '批准补签申请（记为实到、补签）',
  example: '批准 5',
  roles: OFFICERS,
  // An officer may add a remark (审批意见), kept with the decision as before.
  args: [meetingId('id', '申请号'), optional(text('note', '意见', { max: MAX_REASON_CHARS }))],
  async run(ctx, args) {
    await decide(ctx, args.id, true, args.note ?? null);
  },
});

export const rejectCommand = defineCommand({
  name: '驳回',
  aliases: ['reject'],
  group: '会议',
  summary: '驳回补签申请',
  example: '驳回 5 当天未见到本人',
  roles: OFFICERS,
  args: [meetingId('id', '申请号'), optional(text('note', '原因', { max: MAX_REASON_CHARS }))],
  async run(ctx, args) {
    await decide(ctx, args.id, false, args.note ?? null);
  },
});
