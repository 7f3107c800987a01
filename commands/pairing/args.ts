import { z } from 'zod';
import { optional, rest, word, type Arg } from '../../src/command/args.js';
import { MAX_NOTE_CHARS } from '../../src/services/pairing/pairings.js';

// Argument types of the pairing commands that the shared builders (src/command/args.ts) do not
// cover exactly.

/** "12" or "#12" → 12, with the wording of a need number ("应为需求编号"). */
const NEED_ID = z
  .string()
  .regex(/^#?\d{1,9}$/, '应为需求编号（数字）')
  .transform((s) => Number(s.replace('#', '')));

/** `<需求编号>` */
export function needId(): Arg<'id', number, false> {
  return word('id', '需求编号', NEED_ID);
}

/**
 * The words after the required ones, in any order and each read by what it looks like (片区, 紧急程度,
 * 空闲时间…), joined by single spaces. The usage shows one `[label]` per kind of word it may hold.
 */
export function tail<K extends string>(key: K, labels: readonly string[]): Arg<K, string, true> {
  return optional(rest(key, labels.join('] [')));
}

/** A short note (原因, 意见, 说明) of at most MAX_NOTE_CHARS. */
export const note = (label: string) => z.string().max(MAX_NOTE_CHARS, `${label}最多 ${MAX_NOTE_CHARS} 个字`);
