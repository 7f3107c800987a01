import type { CommandDef } from '../../src/command/define.js';
import { usageLine } from '../../src/command/dispatch.js';
import { sayingExamples } from '../../src/command/phrasing.js';
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
  lines.push(...phrasingLines(def));
  if (!allowed) lines.push('（你目前无权使用此命令）');
  return lines.join('\n');
}

/**
 * The example with its number or code glued to the word (「请假12 外出就医」「加入K7P2QXMA张三」), or
 * 「签到12」 for a command whose example has no number but whose usage takes one; null otherwise.
 */
export function gluedExample(def: CommandDef): string | null {
  const m = /^(\S+) (#?\d+|[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*)(?: (.*))?$/.exec(def.example);
  if (!m) return def.usage.startsWith(`${def.name} [编号]`) ? `${def.name}12` : null;
  const [, word, first, rest] = m as unknown as [string, string, string, string | undefined];
  // A number keeps the space before what follows; a code takes the name glued too (加入K7P2QXMA张三).
  if (/^#?\d+$/.test(first)) return `${word}${first}${rest ? ` ${rest}` : ''}`;
  return `${word}${first}${rest ?? ''}`;
}

/**
 * Which other ways of writing the command count (src/command/phrasing.ts): its sayings with their
 * filler, a bare reply such as 「1」, and the word glued to what follows it.
 */
function phrasingLines(def: CommandDef): string[] {
  const lines: string[] = [];
  const sayings = sayingExamples(def);
  if (sayings.length) {
    lines.push(
      `也可以直接发：${sayings.join('、')}` +
        '（前面可加「好的」「我」「我已」，后面可加「了」「啦」「谢谢」；末尾的「。」「！」不影响）',
    );
  }
  for (const t of def.phrasings?.tentative ?? []) {
    lines.push(`在群里回复「${t}」也算，但只在群里有你还没确认的事时（如刚发的通知）；否则不回复。`);
  }
  if (def.usage.includes(' ')) {
    const glued = gluedExample(def);
    lines.push(
      `命令后的内容也可以用「，」或「：」隔开${glued ? `，编号或邀请码可以紧跟命令（如「${glued}」）` : ''}。`,
    );
  }
  return lines;
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

/** 帮助 in a group: a few commands (the person's most used, or common ones) and where the rest went. */
export function groupHelpText(top: readonly CommandDef[], fromHistory: boolean): string {
  return [
    fromHistory ? '你常用的命令：' : '常用命令：',
    ...top.map((d) => `${d.usage} — ${d.summary}`),
    '完整列表已私信发给你；「帮助 命令名」查看用法。',
  ].join('\n');
}
