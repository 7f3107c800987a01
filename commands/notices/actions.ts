import type { FeatureActions } from '../../src/command/define.js';
import { noticeById } from '../../src/services/notices/audience.js';
import { ackNotice, noticeConfirmations } from '../../src/services/notices/notices.js';
import { ackTexts, noticeTexts } from './texts.js';

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
        return ctx.sender.role === 'stranger' ? ackTexts.joinFirst : ackTexts.nothingToConfirm;
      }
      const r = await ackNotice(ctx.work, member, noticeId, { platform: ctx.msg.platform, userId: ctx.msg.senderId });
      if (!r) return ackTexts.nothingToConfirm;
      if (r.already) {
        const tz = (await ctx.tree()).get(member.unitId)?.timeZone ?? ctx.deps.config.PIONEER_TZ;
        return ackTexts.already(member.name, r.notice.id, new Date(r.at), tz);
      }
      return ackTexts.confirmed(member.name, r.notice.id, r.position);
    },

    async view(ctx, { noticeId }) {
      const notice = await noticeById(ctx.db, noticeId);
      const confirmations = await noticeConfirmations(String(noticeId), ctx.db);
      if (!notice || !confirmations) return {};
      const unitName = (await ctx.tree()).get(notice.unitId)?.name ?? '';
      return {
        notice: {
          id: notice.id,
          title: notice.title,
          text: noticeTexts.notice({
            id: notice.id,
            body: notice.body,
            issuingUnitName: unitName,
            senderName: notice.createdByName,
          }),
          confirmations,
        },
      };
    },
  },
};
