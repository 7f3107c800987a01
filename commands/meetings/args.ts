import { z } from 'zod';
import { idOf, word, type Arg } from '../../src/command/args.js';

// Argument types of the meeting commands (shared by several of them).

/** Most digits of a meeting or 申请 number as typed, with or without "#". */
export const MEETING_ID_DIGITS = 6;

/**
 * A meeting (or 补签 request) number as typed: "12", "#12", up to MEETING_ID_DIGITS digits either
 * way. `message` is what a malformed one is told (取消会议 and 会议设置 say 会议编号).
 */
export function meetingId<K extends string>(
  key: K,
  label: string,
  message = '应为编号（数字）',
): Arg<K, number, false> {
  const schema = z
    .string()
    .refine((s) => idOf(s, MEETING_ID_DIGITS) !== null, message)
    .transform((s) => idOf(s, MEETING_ID_DIGITS)!);
  return word(key, label, schema);
}

/**
 * The same argument, null when absent; unlike `optional`, a word it refuses is an error rather
 * than skipped ("代签 @李大爷 第12" must not check him in to whatever meeting is open).
 */
export function orNull<K extends string, T>(a: Arg<K, T, boolean>): Arg<K, T | null, false> {
  return { ...a, optional: false, fallback: null } as Arg<K, T | null, false>;
}
