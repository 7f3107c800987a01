import { defineCommand } from '../../src/command/define.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { id } from '../../src/command/args.js';
import { withdrawNotice } from '../../src/services/notices/withdraw.js';
import { noticeTexts } from './texts.js';

export const withdrawCommand = defineCommand({
  name: '撤回通知',
  aliases: ['recall', '撤回'],
  group: '通知',
  summary: '撤回已发出的通知：能撤回的消息撤回，其余群里注明已撤回；收到、未读、催办随之停止',
  example: '撤回通知 12',
  roles: OFFICERS,
  args: [id('id', '编号')],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const r = await withdrawNotice(ctx.work, tree, ctx.sender, args.id, noticeTexts, ctx.deps.platforms);
    ctx.audit('notice.withdraw', {
      unitId: r.notice.unitId,
      target: String(r.notice.id),
      detail: { recalled: r.recalled, announced: r.announced, dropped: r.dropped },
    });
    const parts = [];
    if (r.recalled) parts.push(`撤回 ${r.recalled} 条已发出的消息`);
    if (r.announced) parts.push(`在 ${r.announced} 个无法撤回消息的群里注明已撤回`);
    if (r.dropped) parts.push(`${r.dropped} 条尚未发出的消息不再发送`);
    ctx.reply(`通知 #${r.notice.id} 已撤回${parts.length ? `：${parts.join('，')}` : ''}。收到、未读、催办随之停止。`);
  },
});
