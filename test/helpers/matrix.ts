import type { CommandDef } from '../../src/command/define.js';
import type { Mention } from '../../src/contracts/message.js';
import { directOnlyText, groupOnlyText, JOIN_FIRST, onlyForText, rolesText } from '../../src/command/texts.js';
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
  const tokens = def.example
    .split(/\s+/)
    .map((tok) => (/^\d+$/.test(tok) ? '1' : tok.startsWith('@') ? `@${MENTIONED.name}` : tok));
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
export { JOIN_FIRST };

/** What the dispatcher must answer when the command's declaration refuses this sender here; null if it allows. */
export function declaredRefusal(def: CommandDef, persona: Persona, chat: 'group' | 'direct'): string | null {
  const role = roleOf(persona);
  if (!def.roles.includes(role)) {
    if (role === 'stranger') return JOIN_FIRST;
    return onlyForText(def.name, rolesText(def.roles));
  }
  if (def.chat === 'group' && chat === 'direct') return groupOnlyText(def.name);
  if (def.chat === 'direct' && chat === 'group') return directOnlyText(def.name);
  return null;
}

// Stand-ins for a command name and a role list, replaced by wildcards in the patterns below.
const NAME = '\u0001';
const ROLES = '\u0002';

/** A pattern matching replies that start like `text`, with the stand-ins as wildcards. */
function startingLike(text: string): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replaceAll(NAME, '[^」]+').replaceAll(ROLES, '.+')}`);
}

/** Any of the dispatcher's refusals, as they start (built from the dispatcher's own texts). */
export const REFUSAL_PATTERNS = [
  startingLike(JOIN_FIRST),
  startingLike(onlyForText(NAME, ROLES)),
  startingLike(groupOnlyText(NAME)),
  startingLike(directOnlyText(NAME)),
];

/** An officer-only command: no plain member may run it. */
export function officerOnly(def: CommandDef): boolean {
  return !def.roles.includes('member');
}
