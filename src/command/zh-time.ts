/**
 * Public entry of the Chinese time reader. `readTime` is the reader commands should use; the
 * legacy `parseChineseTime` stays for the callers not yet switched (src/command/when.ts).
 */
export { parseChineseTime, parseMonthlyRepeat, type ParsedTime } from './time/legacy.js';
