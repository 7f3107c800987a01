import { z } from 'zod';
import { defineCommand } from '../../src/command/define.js';
import { optional, rest, word } from '../../src/command/args.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import {
  DUES_OFFICER_DELAY_DAYS,
  DUES_REMINDER_TIME,
  MAX_DUES_REMINDER_DAY,
  reminderDays,
  setReminderDay,
} from '../../src/services/dues/settings.js';
import { duesUnitFor, originOf } from './shared.js';

const daySchema = z
  .string()
  .regex(/^\d{1,2}(?:日|号)?$/, `应为 1–${MAX_DUES_REMINDER_DAY} 号`)
  .transform((s) => Number(s.replace(/[日号]$/, '')))
  .pipe(
    z
      .number()
      .int()
      .min(1, `应为 1–${MAX_DUES_REMINDER_DAY} 号`)
      .max(MAX_DUES_REMINDER_DAY, `应为 1–${MAX_DUES_REMINDER_DAY} 号`),
  );

export const duesSettingsCommand = defineCommand({
  name: '党费设置',
  aliases: ['dues-settings'],
  group: '党费',
  summary: `查看或设置每月党费提醒日（默认 5 号，1–${MAX_DUES_REMINDER_DAY} 号）`,
  example: '党费设置 提醒日 10号',
  roles: OFFICERS,
  args: [
    optional(word('what', '提醒日', z.literal('提醒日'))),
    optional(word('day', '日期', daySchema)),
    optional(rest('unit', '组织名称')),
  ],
  async run(ctx, { day, unit: unitName }) {
    const tree = await ctx.tree();
    const unit = duesUnitFor(ctx, tree, unitName);
    const after = `书记、委员在 ${DUES_OFFICER_DELAY_DAYS} 天后收到未交名单`;
    if (day === undefined) {
      const current = (await reminderDays(ctx.db, [unit.id])).get(unit.id)!;
      ctx.reply(
        `「${unit.name}」每月 ${current} 号 ${DUES_REMINDER_TIME} 私信提醒党员交党费，${after}。` +
          `改提醒日：党费设置 提醒日 <1-${MAX_DUES_REMINDER_DAY}>`,
      );
      return;
    }
    setReminderDay(ctx.work, originOf(ctx), unit, day);
    ctx.reply(`已设置：「${unit.name}」每月 ${day} 号 ${DUES_REMINDER_TIME} 私信提醒党员交党费，${after}。`);
  },
});
