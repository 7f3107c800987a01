import { z } from 'zod';
import { defineCommand, type CommandDef } from '../../src/command/define.js';
import { usageLine } from '../../src/command/dispatch.js';
import { CommandError } from '../../src/command/errors.js';
import { EVERYONE, ROLE_LABEL, type Role } from '../../src/contracts/roles.js';

function whoMay(def: CommandDef): string {
  if (def.roles.includes('stranger')) return '所有人';
  return def.roles.map((r: Role) => ROLE_LABEL[r]).join('、');
}

export const helpCommand = defineCommand({
  name: '帮助',
  aliases: ['help'],
  group: '常用',
  summary: '列出你可以使用的命令，或查看某个命令的用法',
  usage: '帮助 [命令]',
  example: '帮助 加入',
  roles: EVERYONE,
  readonly: true,
  params: ['command?:命令'],
  schema: z.object({ command: z.string().optional() }),
  async run(ctx, args) {
    const { registry } = ctx.deps;
    const role = ctx.sender.role;
    if (args.command) {
      const def = registry.find(args.command.replace(/^[/]/, ''));
      if (!def) throw new CommandError(`没有「${args.command.slice(0, 20)}」这个命令。发送「帮助」查看全部命令。`);
      const where = def.chat === 'group' ? '（群聊中使用）' : def.chat === 'direct' ? '（私聊中使用）' : '';
      const lines = [
        `${def.name}${def.aliases.length ? ` / ${def.aliases.join(' / ')}` : ''}：${def.summary}${where}`,
        `用法：${usageLine(def)}`,
        `可用角色：${whoMay(def)}`,
      ];
      if (!def.roles.includes(role)) lines.push('（你目前无权使用此命令）');
      ctx.reply(lines.join('\n'));
      return;
    }
    const mine = registry.commands.filter((c) => c.roles.includes(role));
    const groups = new Map<string, CommandDef[]>();
    for (const c of mine) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
    const lines = [`先锋助手 · 你可以使用的命令（${ROLE_LABEL[role]}）`];
    for (const [group, defs] of groups) {
      lines.push(`【${group}】`);
      for (const d of defs) lines.push(`${d.usage} — ${d.summary}`);
    }
    lines.push('发送「帮助 命令名」查看用法和例子；命令前的 / 可有可无。');
    ctx.reply(lines.join('\n'));
  },
});
