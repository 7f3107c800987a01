import type { FeatureActions } from '../../src/command/define.js';
import { formatTime } from '../../src/contracts/time.js';
import { noticeById } from '../../src/services/notices/audience.js';
import { ackNotice, noticeConfirmations, noticeText } from '../../src/services/notices/notices.js';

/**
 * The 收到 button of a notice card: confirms notice N for the person who pressed it. The toast
 * reads as the answer to 「收到 N」 in a direct chat would (a toast is seen by the presser alone,
 * so the group rule of saying nothing to non-members does not apply); refusals of ackNotice are
 * rendered like a command's. Afterwards the card is shown with the current count.
 */
export const noticeActions: FeatureActions = {
  'notice.ack': {
    async run(ctx, { noticeId }) {
      const member = ctx.sender.member;
      if (!member?.unitId) {
        // An administrator without a branch of their own is in no notice's audience.
        if (ctx.sender.role === 'stranger') return '你还没有加入组织，请先发送：加入 <邀请码> <姓名>';
        return '目前没有需要你确认的通知。';
      }
      const r = await ackNotice(ctx.work, member, noticeId, { platform: ctx.msg.platform, userId: ctx.msg.senderId });
      if (!r) return '目前没有需要你确认的通知。';
      if (r.already) {
        const tz = (await ctx.tree()).get(member.unitId)?.timeZone ?? ctx.deps.config.PIONEER_TZ;
        return `${member.name} 已于 ${formatTime(new Date(r.at), tz)} 确认过通知 #${r.notice.id}。`;
      }
      return `${member.name} 已确认通知 #${r.notice.id}（第 ${r.position} 位）。`;
    },

    async view(ctx, { noticeId }) {
      const notice = await noticeById(ctx.db, noticeId);
      const confirmations = await noticeConfirmations(String(noticeId), ctx.db);
      if (!notice || !confirmations) return {};
      const unitName = (await ctx.tree()).get(notice.unitId)?.name ?? '';
      return { notice: { id: notice.id, title: notice.title, text: noticeText(notice, unitName), confirmations } };
    },
  },
};
