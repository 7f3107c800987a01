import { optional, word } from '../../src/command/args.js';
import { defineCommand, type CommandDef } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { EVERYONE } from '../../src/contracts/roles.js';
import { mostUsed } from '../../src/services/usage/uses.js';
import { commandHelpText, commandListText, groupHelpText, unknownCommandText } from './texts.js';

/** How many commands 帮助 in a group shows (with its two lines, at most 8 lines in all). */
export const GROUP_HELP_COMMANDS = 5;

/** What 帮助 in a group shows someone with no history yet (those their role may use, in this order). */
const FIRST_COMMANDS = ['签到', '请假', '收到', '我的', '会议列表', '会议', '考勤', '通知', '加入'];

export const helpCommand = defineCommand({
  name: '帮助',
  aliases: ['help'],
  group: '常用',
  summary: '列出你可以使用的命令，或查看某个命令的用法',
  example: '帮助 加入',
  roles: EVERYONE,
  readonly: true,
  args: [optional(word('command', '命令'))],
  async run(ctx, args) {
    const { registry } = ctx.deps;
    const role = ctx.sender.role;
    if (args.command) {
      const def = registry.find(args.command.replace(/^[/]/, ''));
      if (!def) throw new CommandError(unknownCommandText(args.command));
      ctx.reply(commandHelpText(def, def.roles.includes(role)));
      return;
    }
    const allowed = registry.commands.filter((c) => c.roles.includes(role));
    const groups = new Map<string, CommandDef[]>();
    for (const c of allowed) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
    if (ctx.msg.chatType === 'direct') return ctx.reply(commandListText(role, groups));
    // In a group the bot is quiet: a few lines here, the full list by direct message.
    const mayUse = new Map(allowed.filter((c) => c.name !== '帮助').map((c) => [c.name, c]));
    const used = await mostUsed(ctx.db, ctx.msg, GROUP_HELP_COMMANDS + 1);
    const names = [...new Set([...used, ...FIRST_COMMANDS])].filter((n) => mayUse.has(n));
    const top = names.slice(0, GROUP_HELP_COMMANDS).map((n) => mayUse.get(n)!);
    ctx.reply(
      groupHelpText(
        top,
        used.some((n) => mayUse.has(n)),
      ),
    );
    ctx.replyDirect(commandListText(role, groups));
  },
});
