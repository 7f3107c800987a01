// 会议详情: one meeting as the record book heads it (time, place, 主持人, 记录人, 主讲人, check-in, state).
import { defineCommand } from '../../src/command/define.js';
import { REGISTERED } from '../../src/contracts/roles.js';
import { checkChat } from '../../src/services/meetings/access.js';
import { meetingsError } from '../../src/services/meetings/errors.js';
import { hasEnded, phaseOf, requireMeeting } from '../../src/services/meetings/meetings.js';
import { meetingCoversUnit } from '../../src/services/meetings/scope.js';
import { canManage } from '../../src/services/org/identity.js';
import { namesOf } from '../../src/services/records/record.js';
import { meetingId } from './args.js';
import { placeOf, tzOf } from '../shared/chat.js';
import { meetingSpanLabel, windowLine } from './texts.js';

export const meetingDetailCommand = defineCommand({
  name: '会议详情',
  aliases: ['meeting-detail'],
  group: '会议',
  summary: '查看一次会议的时间、地点、主持人、记录人、主讲人和签到安排',
  example: '会议详情 12',
  roles: REGISTERED,
  readonly: true,
  args: [meetingId('id', '编号', '应为会议编号（数字）')],
  async run(ctx, { id }) {
    const tree = await ctx.tree();
    const m = await requireMeeting(ctx.db, id);
    checkChat(tree, placeOf(ctx), m);
    const own = ctx.sender.member?.unitId;
    const concerns = !!own && (own === m.unitId || tree.isWithin(own, m.unitId) || meetingCoversUnit(tree, m, own));
    if (!canManage(ctx.sender, tree, m.unitId) && !concerns) {
      throw meetingsError('meeting.list_forbidden', { unit: tree.get(m.unitId)?.name ?? '' });
    }
    const tz = tzOf(tree, m.unitId);
    const names = await namesOf(ctx.db, [m.hostMemberId, m.recorderMemberId, m.speakerMemberId]);
    const name = (memberId: string | null) => (memberId ? (names.get(memberId) ?? '（已离开）') : '未定');
    const phase = phaseOf(m, ctx.now);
    const state =
      phase === 'cancelled'
        ? `已取消${m.cancelReason ? `（${m.cancelReason}）` : ''}`
        : hasEnded(m, ctx.now)
          ? '已结束'
          : phase === 'open'
            ? '签到中'
            : m.startsAt <= ctx.now.getTime()
              ? '进行中'
              : '未开始';
    const lines = [
      `会议 ${meetingSpanLabel(m, tz)}（${state}）`,
      `组织：${tree.get(m.unitId)?.name ?? ''}`,
      ...(m.place ? [`地点：${m.place}`] : []),
      `主持人：${name(m.hostMemberId)}　记录人：${name(m.recorderMemberId)}`,
      ...(m.type === 'lecture' || m.speakerMemberId ? [`主讲人：${name(m.speakerMemberId)}`] : []),
      windowLine(m, tz) + (m.codeSecret ? '，需签到码' : ''),
      ...(m.seriesId ? ['每月重复'] : []),
    ];
    ctx.reply(lines.join('\n'));
  },
});
