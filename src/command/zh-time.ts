/**
 * Public entry of the Chinese time reader: `readTime` (src/command/time/read.ts) and the one
 * fixed form its answers are echoed in.
 */
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
