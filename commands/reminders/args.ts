import { failureText, optional, rest, word } from '../../src/command/args.js';
import { CommandError } from '../../src/command/errors.js';

// 提醒设置's words are read as a whole: offsets (one word or several), 免打扰 with its hours
// (which may be written with spaces), 恢复默认, and 组织:名称 anywhere among them. Positional
// arguments cannot say that, so the three optional arguments below are declared for the usage
// line (`提醒设置 [偏移,...] [免打扰 开始-结束] [组织:名称]`, as before) and accept any word;
// `settingsWords` puts the words back in the order they were typed, and parse.ts reads them.

/** Longest 提醒设置 text, in characters (as before the typed arguments). */
export const MAX_SETTINGS_CHARS = 200;

export const SETTINGS_ARGS = [
  optional(word('offsets', '偏移,...')),
  optional(word('quiet', '免打扰 开始-结束')),
  optional(rest('unit', '组织:名称')),
] as const;

/** The whole of 提醒设置's text, as one argument, for the refusal of a text that is too long. */
const WHOLE = optional(rest('words', '设置'));

/** The words after 提醒设置 as typed; a text over MAX_SETTINGS_CHARS is refused with `usage`. */
export function settingsWords(args: { offsets?: string; quiet?: string; unit?: string }, usage: string): string[] {
  const text = [args.offsets, args.quiet, args.unit].filter((w) => w !== undefined).join(' ');
  if (text.length > MAX_SETTINGS_CHARS) {
    throw new CommandError(failureText({ arg: WHOLE, given: text, message: '设置太长了' }), usage);
  }
  return text.split(' ').filter(Boolean);
}
