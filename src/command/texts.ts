import type { SensitiveKind } from '../contracts/message.js';
import type { Role } from '../contracts/roles.js';

// Every sentence the engine itself answers with: the dispatcher's refusals, its apology and its
// hints. Exported so that tests (test/helpers/matrix.ts) compare with these, never with copies.

export { ROLE_LABEL, titleOf } from '../services/org/titles.js';
import { ROLE_LABEL } from '../services/org/titles.js';

/** "管理员、书记": the roles a command is for, as a refusal names them (strangers are not named). */
export function rolesText(roles: readonly Role[]): string {
  return roles
    .filter((r) => r !== 'stranger')
    .map((r) => ROLE_LABEL.get(r) ?? r)
    .join('、');
}

/** A stranger ran a command for members. */
export const JOIN_FIRST = '你还没有加入组织，请先发送：加入 <邀请码> <姓名>';

/** The sender's role may not run the command; `who` as rolesText gives it. */
export const onlyForText = (command: string, who: string): string => `「${command}」仅限${who}使用。`;

/** A group-only command in a direct chat. */
export const groupOnlyText = (command: string): string => `「${command}」请在群聊中使用。`;

/** A direct-only command in a group chat. */
export const directOnlyText = (command: string): string => `「${command}」请私聊我使用。`;

/** What anyone reads when handling failed unexpectedly; the id is in the error log line. */
export const APOLOGY = (errorId: string): string => `抱歉，处理时出错了，请稍后再试（错误编号 ${errorId}）。`;

/** A direct message that is not a command. */
export const HELP_HINT = '发送「帮助」查看你可以使用的命令。';

/**
 * A message over the command limit: which command (null: no command word), the limit and its length,
 * and how to write it shorter — the command's own hint, or sending it in parts — with its usage.
 */
export function tooLongText(
  command: { name: string; usage: string; tooLongHint?: string } | null,
  limit: number,
  length: number,
): string {
  const over = `一条命令最多 ${limit} 字，这条有 ${length} 字。`;
  if (!command) return `消息太长了：${over}${HELP_HINT}`;
  const hint = command.tooLongHint ?? '请写得简短些，或分几条发送。';
  return `「${command.name}」太长了：${over}${hint}\n用法：${command.usage}`;
}

/** An unknown command word in a direct chat, with the closest words this sender may use. */
export function unknownCommandText(word: string, near: readonly string[]): string {
  const hint = near.length ? `你是不是想用：${near.map((w) => `「${w}」`).join('、')}？` : '';
  return `没有「${word.slice(0, 20)}」这个命令。${hint}${HELP_HINT}`;
}

/**
 * What a repeat of a message is answered with in place of a reply that was never stored
 * (Reply.sensitive): the data is not kept, so the person asks again.
 */
export const NOT_STORED: Readonly<Record<SensitiveKind, string>> = {
  household: '（这条回复含住户信息，没有保存。需要时请重新发送命令查看。）',
  'export-link': '（导出链接没有保存。需要时请重新发送导出命令获取新的链接。）',
  file: '（文件内容没有保存。需要时请重新发送命令获取。）',
  grant: '（这条回复含授权码或链接，没有保存。需要时请重新发送命令获取。）',
  'dues-base': '（这条回复含党费基数，没有保存。需要时请重新发送命令查看。）',
};
