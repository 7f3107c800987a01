import { formatTime } from '../contracts/time.js';
import { CommandError } from './errors.js';
import { parseChineseTime, type ParsedTime } from './zh-time.js';

/**
 * A time people wrote that must lie ahead (a meeting, a scheduled notice): the one rule for
 * "已经过去了" shared by every command that schedules. Null when the text is not a time.
 */
export function futureTime(text: string, opts: { now: Date; timeZone: string }): ParsedTime | null {
  const parsed = parseChineseTime(text, opts);
  if (!parsed) return null;
  if (parsed.date <= opts.now) {
    throw new CommandError(
      `时间「${parsed.text}」（${formatTime(parsed.date, opts.timeZone)}）已经过去了，请写一个将来的时间。`,
    );
  }
  return parsed;
}
