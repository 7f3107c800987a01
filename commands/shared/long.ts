// Long answers (a 党委 over a thousand branches): a summary of at most SUMMARY_LINES lines that never
// exceeds the platform's message size, with the full list left to the 看板 and the exports.
import type { CommandContext } from '../../src/command/context.js';
import { DEFAULT_MAX_TEXT_CHARS } from '../../src/contracts/adapter.js';

/** Most lines a summary answer has (issue 24: "at most ~15 lines"). */
export const SUMMARY_LINES = 15;
/** Most names a summary line lists before counting the rest. */
export const SUMMARY_NAMES = 10;
/** Where the whole of a summarised list is. */
export const FULL_LIST_HINT = '完整列表见看板或导出（私聊发送「看板」或「导出 本季度」）。';

/** The longest text one message may carry on the platform the command came from. */
export function maxTextChars(ctx: Pick<CommandContext, 'deps' | 'msg'>): number {
  return ctx.deps.platforms.get(ctx.msg.platform)?.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
}

/** "张三、李四等 12 人" — at most `max` names, then the count of all. */
export function someNames(names: readonly string[], max = SUMMARY_NAMES, unit = '人'): string {
  if (names.length <= max) return names.join('、');
  return `${names.slice(0, max).join('、')}等 ${names.length} ${unit}`;
}

/** `text` cut to `max` characters, ending in "…" when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * `head`, as many of `items` as fit in `maxLines` lines and `maxChars` characters together with
 * `tail`, and `more(n)` for the n items left out (items first: callers sort what matters first).
 */
export function fitSummary(
  head: readonly string[],
  items: readonly string[],
  tail: readonly string[],
  more: (left: number) => string,
  maxChars: number,
  maxLines = SUMMARY_LINES,
): string {
  const compose = (n: number) => {
    const left = items.length - n;
    return [...head, ...items.slice(0, n), ...(left > 0 ? [more(left)] : []), ...tail];
  };
  for (let n = Math.min(items.length, Math.max(0, maxLines - head.length - tail.length)); n > 0; n--) {
    const lines = compose(n);
    const text = lines.join('\n');
    if (lines.length <= maxLines && text.length <= maxChars) return text;
  }
  return clip(compose(0).join('\n'), maxChars);
}
