import { optional, rest } from '../../src/command/args.js';
import { defineCommand } from '../../src/command/define.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { requireUnit } from '../../src/services/org/org.js';
import { missedRemindersOf } from '../../src/services/reminders/missed.js';
import { chatUnit } from '../shared/chat.js';
import { missedText } from './texts.js';

export const missedCommand = defineCommand({
  name: '错过提醒',
  aliases: ['missed'],
  group: '会议',
  summary: '系统停机期间未能按时发出（也不再补发）的会议提醒',
  example: '错过提醒',
  roles: OFFICERS,
  readonly: true,
  args: [optional(rest('unit', '组织名称'))],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const unit = args.unit ? requireUnit(tree, args.unit) : chatUnit(ctx, tree);
    const days = ctx.deps.config.REMINDER_MISSED_LIST_DAYS;
    const since = new Date(ctx.now.getTime() - days * 86_400_000);
    ctx.reply(missedText(tree, unit, days, await missedRemindersOf(ctx.db, tree, ctx.sender, unit, since)));
  },
});
