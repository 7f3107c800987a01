import { z } from 'zod';
import { idOf, withDefault, word } from '../../src/command/args.js';

/**
 * 收到/未读/催办's `[编号]`: a notice number as typed ("12", "#12"), null when absent. Unlike an
 * optional word it refuses a word that is not a number instead of skipping it, so 「催办 十二」
 * is answered with the usage rather than chasing the latest notice.
 */
const NOTICE_NUMBER = z.string().transform((s, ctx) => {
  const n = idOf(s);
  if (n === null) ctx.addIssue({ code: 'custom', message: '应为通知编号，如 12' });
  return n ?? z.NEVER;
});

export const noticeNumber = withDefault(word('id', '编号', NOTICE_NUMBER as z.ZodType<number | null>), null);
