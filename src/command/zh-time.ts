/**
 * Public entry of the Chinese time reader. `readTime` is what commands should use; the legacy
 * `parseChineseTime` stays for the callers not yet switched (src/command/when.ts).
 */
export { parseChineseTime, parseMonthlyRepeat, type ParsedTime } from './time/legacy.js';
export { readTime } from './time/read.js';
export { describeAssumption, formatUnderstood } from './time/format.js';
export { HORIZON_MONTHS } from './time/resolve.js';
export {
  DEFAULT_PART_OF_DAY,
  type Assumption,
  type AssumptionKind,
  type CalendarDate,
  type ClockTime,
  type PartOfDay,
  type PartOfDayDefaults,
  type Purpose,
  type ReadOk,
  type ReadRefusal,
  type ReadResult,
  type ReadTimeOptions,
  type RefusalParams,
  type RefusalReason,
} from './time/types.js';
