import type { CommandDef } from '../../src/command/define.js';
import { usageLine } from '../../src/command/dispatch.js';
import type { Role } from '../../src/contracts/roles.js';
import { ROLE_LABEL } from '../org/texts.js';

// Every word of 帮助 that people read (the commands' own summaries and usage come from their declarations).

const label = (r: Role): string => ROLE_LABEL.get(r) ?? r;

function whoMay(def: CommandDef): string {
  if (def.roles.includes('stranger')) return '所有人';
  return def.roles.map(label).join('、');
}

export const unknownCommandText = (word: string): string =>
  `没有「${word.slice(0, 20)}」这个命令。发送「帮助」查看全部命令。`;

/** 帮助 <命令>: one command's summary, usage with its example, and who may use it. */
export function commandHelpText(def: CommandDef, allowed: boolean): string {
  const where = def.chat === 'group' ? '（群聊中使用）' : def.chat === 'direct' ? '（私聊中使用）' : '';
  const lines = [
    `${def.name}${def.aliases.length ? ` / ${def.aliases.join(' / ')}` : ''}：${def.summary}${where}`,
    `用法：${usageLine(def)}`,
    `可用角色：${whoMay(def)}`,
  ];
  if (!allowed) lines.push('（你目前无权使用此命令）');
  return lines.join('\n');
}

/** 帮助: the commands this role may use, by help section. */
export function commandListText(role: Role, groups: ReadonlyMap<string, readonly CommandDef[]>): string {
  const lines = [`先锋助手 · 你可以使用的命令（${label(role)}）`];
  for (const [group, defs] of groups) {
    lines.push(`【${group}】`);
    for (const d of defs) lines.push(`${d.usage} — ${d.summary}`);
  }
  lines.push('发送「帮助 命令名」查看用法和例子；命令前的 / 可有可无。');
  return lines.join('\n');
}
