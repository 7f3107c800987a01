import type { CommandDef } from '../../src/command/define.js';
import type { Mention } from '../../src/contracts/message.js';
import { ROLE_LABEL } from '../../src/contracts/roles.js';
import { PERSONAS, roleOf, type Persona } from './world.js';

/** Who is mentioned when a command's example mentions someone: 第一支部's party member (a volunteer). */
export const MENTIONED = PERSONAS.member;

export interface MatrixInput {
  text: string;
  mentions: Mention[];
  /** Names an object of 第一支部 (a number, 第一支部 or its parent). */
  targetsUnit1: boolean;
}

/**
 * The ways a command is typed in the matrix: its documented example with every number made 1 (the
 * world's objects are all #1) and every @-mention made 陈红; and its first alias alone.
 */
export function matrixInputs(def: CommandDef): MatrixInput[] {
  const tokens = def.example.split(/\s+/).map((tok) => (/^\d+$/.test(tok) ? '1' : tok.startsWith('@') ? `@${MENTIONED.name}` : tok));
  const text = tokens.join(' ');
  const mentions = tokens.some((tok) => tok.startsWith('@')) ? [{ id: MENTIONED.userId, name: MENTIONED.name }] : [];
  const targetsUnit1 = tokens.slice(1).some((tok) => /^\d+$/.test(tok) || /第一支部|泰山区某社区党委/.test(tok));
  const bare = def.aliases[0] ?? def.name;
  return [
    { text, mentions, targetsUnit1 },
    { text: bare, mentions: [], targetsUnit1: false },
  ];
}

/** The dispatcher's answer to a stranger running a command for members. */
export const JOIN_FIRST = '你还没有加入组织，请先发送：加入 <邀请码> <姓名>';

/** What the dispatcher must answer when the command's declaration refuses this sender here; null if it allows. */
export function declaredRefusal(def: CommandDef, persona: Persona, chat: 'group' | 'direct'): string | null {
  const role = roleOf(persona);
  if (!def.roles.includes(role)) {
    if (role === 'stranger') return JOIN_FIRST;
    return `「${def.name}」仅限${def.roles.filter((r) => r !== 'stranger').map((r) => ROLE_LABEL[r]).join('、')}使用。`;
  }
  if (def.chat === 'group' && chat === 'direct') return `「${def.name}」请在群聊中使用。`;
  if (def.chat === 'direct' && chat === 'group') return `「${def.name}」请私聊我使用。`;
  return null;
}

/** Any of the dispatcher's refusals, as they start. */
export const REFUSAL_PATTERNS = [/^你还没有加入组织，请先发送/, /^「[^」]+」仅限.+使用。/, /^「[^」]+」请在群聊中使用。/, /^「[^」]+」请私聊我使用。/];

/** An officer-only command: no plain member may run it. */
export function officerOnly(def: CommandDef): boolean {
  return !def.roles.includes('member');
}
