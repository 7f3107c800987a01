import { defineCommand } from '../../src/command/define.js';
import { EVERYONE } from '../../src/contracts/roles.js';
import type { CommandContext } from '../../src/command/context.js';
import { ackNotice, ackOpenNotice } from '../../src/services/notices/notices.js';
import { noticeNumber } from './args.js';
import { ACK_SAYINGS, ACK_TENTATIVE, ackTexts } from './texts.js';

// 收到, 未读, 催办: the confirmations of a notice and their follow-up.

/** 「1」 in a group: confirms the notice open in this chat for someone who has not, else says nothing. */
async function ackTentative(ctx: CommandContext): Promise<void> {
  const member = ctx.sender.member;
  if (!member?.unitId || !ctx.binding) return;
  const via = { platform: ctx.msg.platform, userId: ctx.msg.senderId };
  const r = await ackOpenNotice(ctx.work, member, ctx.binding.unitId, via);
  if (r) ctx.reply(ackTexts.confirmed(member.name, r.notice.id, r.position));
}

export const ackCommand = defineCommand({
  name: '收到',
  aliases: ['ack'],
  group: '通知',
  summary: '确认收到本组织最新的（或指定编号的）通知',
  example: '收到 12',
  roles: EVERYONE,
  args: [noticeNumber],
  phrasings: { sayings: ACK_SAYINGS, tentative: ACK_TENTATIVE },
  async run(ctx, args) {
    if (ctx.command.via === 'tentative') return ackTentative(ctx);
    const group = ctx.msg.chatType === 'group';
    const member = ctx.sender.member;
    // "收到" is everyday chat: in a group, say nothing unless there is something to confirm.
    if (!member?.unitId) {
      // An administrator without a branch of their own is in no notice's audience.
      if (!group) ctx.reply(ctx.sender.role === 'stranger' ? ackTexts.joinFirst : ackTexts.nothingToConfirm);
      return;
    }
    const via = { platform: ctx.msg.platform, userId: ctx.msg.senderId };
    const r = await ackNotice(ctx.work, member, args.id ?? undefined, via);
    if (!r) {
      if (!group) ctx.reply(ackTexts.nothingToConfirm);
      return;
    }
    if (r.already) {
      const tz = (await ctx.tree()).get(member.unitId)?.timeZone ?? ctx.deps.config.PIONEER_TZ;
      ctx.reply(ackTexts.already(member.name, r.notice.id, new Date(r.at), tz));
      return;
    }
    ctx.reply(ackTexts.confirmed(member.name, r.notice.id, r.position));
  },
});
