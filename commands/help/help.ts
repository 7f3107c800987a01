import { optional, word } from '../../src/command/args.js';
import { defineCommand, type CommandDef } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { EVERYONE } from '../../src/contracts/roles.js';
import { commandHelpText, commandListText, unknownCommandText } from './texts.js';

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
    const groups = new Map<string, CommandDef[]>();
    for (const c of registry.commands.filter((c) => c.roles.includes(role))) {
      groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
    }
    ctx.reply(commandListText(role, groups));
  },
});
