/** The properties every parse must have, shared by the parser fuzz test and bench/fuzz.ts. */
import { MAX_COMMAND_CHARS, normalizeText, parseCommand } from '../../src/command/parse.js';
import type { Mention } from '../../src/contracts/message.js';
import type { FuzzParseInput } from './fuzz-inputs.js';

/** Control, zero-width and bidi characters: never part of a command word or argument. */
export const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/;

/** The mention lookup as first written (normalising every name for every token), as an oracle. */
export function naiveMentions(args: string[], given: Mention[]): Mention[] {
  const out: Mention[] = [];
  const pool = [...given];
  for (const a of args) {
    if (!a.startsWith('@') || a.length < 2) continue;
    const i = pool.findIndex((m) => normalizeText(m.name) === a.slice(1));
    if (i >= 0) out.push(pool.splice(i, 1)[0]!);
    else out.push({ id: '', name: a.slice(1) });
  }
  for (const m of pool) if (!out.some((o) => o.id === m.id)) out.push(m);
  return out;
}

/**
 * Parses one input and lists what is wrong: an exception, an empty or invisible-bearing word or
 * argument, over-long free text, mentions that differ from the oracle, unstable normalisation.
 */
export function parseProblems({ text, mentions, mentionsBot }: FuzzParseInput): string[] {
  const problems: string[] = [];
  let p: ReturnType<typeof parseCommand>;
  try {
    p = parseCommand(text, mentions, mentionsBot);
  } catch (err) {
    return [`threw ${String(err)}`];
  }
  const once = normalizeText(text);
  if (normalizeText(once) !== once) problems.push('normalising twice changed the text');
  if (p === null) return problems;
  // A quoted first word may hold spaces ("' OR '"); it is then simply not a command.
  if (p.word.length === 0) problems.push('empty word');
  if (INVISIBLE.test(p.word) || p.args.some((a) => INVISIBLE.test(a)))
    problems.push('invisible character in a word or argument');
  if (p.rest.length > MAX_COMMAND_CHARS) problems.push('free text over the limit');
  if (JSON.stringify(p.mentions) !== JSON.stringify(naiveMentions(p.args, mentions)))
    problems.push('mentions differ from the oracle');
  return problems;
}
