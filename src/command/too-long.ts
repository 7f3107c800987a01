import type { IncomingMessage } from '../contracts/message.js';
import type { Registry } from './define.js';
import { MAX_COMMAND_CHARS, normalizeText, parseCommand } from './parse.js';
import { tooLongText } from './texts.js';

// A message over MAX_COMMAND_CHARS is not parsed (parseCommand returns null); it used to get only
// 「发送「帮助」…」. Its first word still says what was meant: the answer names the command, the
// limit and the length, and the command's own hint for writing it shorter (issue 24: a notice to a
// whole district written as 141 branch names).

/** Characters read for the command word of an over-long message (a word and a leading @bot fit). */
const HEAD_CHARS = 200;

/** What was too long, or null when the message is within the limit. */
export function tooLongAnswer(
  msg: Pick<IncomingMessage, 'text' | 'mentions' | 'mentionsBot'>,
  registry: Registry,
): { text: string; command: boolean } | null {
  const length = normalizeText(msg.text).length;
  if (length <= MAX_COMMAND_CHARS) return null;
  const head = parseCommand(msg.text.slice(0, HEAD_CHARS), msg.mentions, msg.mentionsBot);
  const def = head ? registry.find(head.word) : undefined;
  return { text: tooLongText(def ?? null, MAX_COMMAND_CHARS, length), command: !!def };
}
