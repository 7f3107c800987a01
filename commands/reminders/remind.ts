import { defineCommand } from '../../src/command/define.js';
import { usageLine } from '../../src/command/dispatch.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { requireManage, requireUnit } from '../../src/services/org/org.js';
import { saveUnitSettings, unitSettings } from '../../src/services/reminders/unit-settings.js';
import { chatUnit } from '../shared/chat.js';
import { SETTINGS_ARGS, settingsWords } from './args.js';
import { parseChange, unitOption } from './parse.js';
import { settingsTexts } from './texts.js';

export const remindCommand = defineCommand({
  name: '提醒设置',
  aliases: ['remind'],
  group: '会议',
  summary: '查看或修改会议提醒：提前多久提醒、免打扰时段',
  example: '提醒设置 提前一天和半小时',
  roles: OFFICERS,
  args: SETTINGS_ARGS,
  async run(ctx, args) {
    const tree = await ctx.tree();
    const { unitName, rest } = unitOption(settingsWords(args, usageLine(remindCommand)));
    const unit = unitName !== null ? requireUnit(tree, unitName) : chatUnit(ctx, tree);
    requireManage(ctx.sender, tree, unit);
    const { config } = ctx.deps;
    const bypass = config.REMINDER_QUIET_BYPASS_MIN;
    if (rest.length === 0) {
      ctx.reply(settingsTexts.shown(tree, unit, await unitSettings(ctx.work, tree, unit, config), bypass));
      return;
    }
    const change = parseChange(rest, { now: ctx.now, timeZone: unit.timeZone });
    const by = { platform: ctx.msg.platform, userId: ctx.msg.senderId, memberId: ctx.sender.member?.id ?? null };
    const { settings, meetings } = await saveUnitSettings(ctx.work, tree, unit, change, by, config);
    ctx.audit('reminder.settings', { unitId: unit.id, detail: change });
    ctx.reply(settingsTexts.updated(tree, unit, settings, bypass, meetings));
  },
});
