// Reading the time of something being scheduled (a meeting, its new time, a notice's send time)
// and saying what was understood: the refusals of readTime in Chinese with their reason, and the
// one fixed echo form with the assumptions made.
import type { CommandContext } from '../../src/command/context.js';
import { CommandError } from '../../src/command/errors.js';
import {
  describeAssumption,
  formatUnderstood,
  HORIZON_MONTHS,
  readTime,
  type Assumption,
  type PartOfDay,
  type PartOfDayDefaults,
  type Purpose,
  type ReadOk,
  type ReadRefusal,
} from '../../src/command/zh-time.js';
import { zoneOf } from '../../src/services/meetings/scope.js';
import type { UnitTree } from '../../src/services/org/units.js';
import {
  effectiveTimeDefaults,
  loadTimeDefaults,
  type TimeDefaultRows,
  type TimePart,
} from '../../src/services/times/defaults.js';

// The parts 时间设置 stores are the reader's parts of day: this fails to compile if they drift.
const SAME_PARTS: [readonly PartOfDay[], readonly TimePart[]] = [[] as TimePart[], [] as PartOfDay[]];
void SAME_PARTS;

/** What reading a unit's times needs: its zone and its clock times for parts of day (时间设置). */
export interface UnitTimes {
  timeZone: string;
  defaults?: Partial<PartOfDayDefaults>;
}

/** A unit's zone and the defaults it sets or inherits (the reader's own fill the rest). */
export function unitTimesOf(tree: UnitTree, rows: TimeDefaultRows, unitId: string | null | undefined): UnitTimes {
  const defaults: Partial<PartOfDayDefaults> = {};
  const set = unitId ? effectiveTimeDefaults(tree, rows, unitId) : new Map();
  for (const [part, { clockMin }] of set)
    defaults[part as PartOfDay] = { hour: Math.floor(clockMin / 60), minute: clockMin % 60 };
  return { timeZone: zoneOf(tree, unitId), defaults };
}

/** Reads every unit's 时间设置 once, for the commands that read times: unit id → zone and defaults. */
export async function unitTimes(
  ctx: CommandContext,
  tree: UnitTree,
): Promise<(unitId: string | null | undefined) => UnitTimes> {
  const rows = await loadTimeDefaults(ctx.db);
  return (unitId) => unitTimesOf(tree, rows, unitId);
}

export interface WhenOptions {
  now: Date;
  timeZone: string;
  purpose: Purpose;
  /** The unit's clock times for parts of day written without an hour (时间设置). */
  defaults?: Partial<PartOfDayDefaults>;
  /** 「例如…」 the refusal ends with, when the words were not a time at all. */
  example: string;
}

const quoted = (text: string | undefined) => (text ? `「${text.slice(0, 30)}」` : '');
const pad = (n: number) => String(n).padStart(2, '0');

/** The words it reads as a time, told what was wrong with them: past, too far, no such day… */
export function refusalText(r: ReadRefusal, o: Pick<WhenOptions, 'now' | 'timeZone' | 'example'>): string {
  const at = (d: Date) => formatUnderstood({ start: d }, o.now, o.timeZone);
  const day = (d: Date) => at(d).replace(/ ?\d{2}:\d{2}，.*$/, '');
  const words = quoted(r.text);
  switch (r.reason) {
    case 'past':
      return `时间${words}（${at(r.params.start)}）已经过去了，请写一个将来的时间。`;
    case 'too_far':
      return (
        `时间${words}（${at(r.params.start)}）在 ${HORIZON_MONTHS} 个月以后，太远了，可能写错了；` +
        `请写 ${day(r.params.limit)}以前的时间。`
      );
    case 'no_such_date': {
      const { year, month, day } = r.params;
      return `没有 ${year ? `${year}年` : ''}${month}月${day}日 这一天${words ? `（${words}）` : ''}，请检查日期。`;
    }
    case 'no_such_time':
      return `没有 ${r.params.hour}:${pad(r.params.minute)} 这个时刻${words ? `（${words}）` : ''}，请检查时间。`;
    case 'not_a_time':
      return `没看懂时间，${o.example}。`;
    case 'unsupported':
      return `暂不支持农历日期和节日${words}，请写公历日期和几点，${o.example}。`;
    case 'end_before_start':
      return `结束时间（${at(r.params.end)}）不晚于开始时间（${at(r.params.start)}），请检查${words}。`;
    case 'ambiguous':
      return ambiguousText(r.params.what, words, o.example);
  }
}

function ambiguousText(what: Extract<ReadRefusal, { reason: 'ambiguous' }>['params']['what'], w: string, eg: string) {
  switch (what) {
    case 'no_day':
      return `${w}没有说是哪一天，请写明日期，${eg}。`;
    case 'window':
      return `${w}是一段时间，不是一个时刻，请写明哪一天几点，${eg}。`;
    case 'date_range':
      return `${w}是一段日期，请写开始的那一天和几点，${eg}。`;
    case 'part_conflict':
      return `${w}前后矛盾（如「上午15点」），请改正。`;
    case 'weekday_mismatch':
      return `${w}里的日期和星期对不上，请核对后再发。`;
    case 'vague':
      return `${w}没有说具体时间，请写明哪一天几点，${eg}。`;
    case 'repeat':
      return `${w}是重复的时间，这里只能写一个具体时间；每月例会请写「每月15日 15:00」。`;
  }
}

/** The time in `text` for what is being scheduled, or a CommandError saying why not. */
export function readWhen(text: string, o: WhenOptions): ReadOk {
  const r = readTime(text, { now: o.now, timeZone: o.timeZone, purpose: o.purpose, defaults: o.defaults });
  if (!r.ok) throw new CommandError(refusalText(r, o));
  return r;
}

/** 「（“下午”按 15:00 计；…）」, or nothing when nothing was assumed. */
export function assumptionsText(assumed: readonly Assumption[]): string {
  return assumed.length ? `（${assumed.map(describeAssumption).join('；')}）` : '';
}

/** The fixed echo with what was assumed: 「12月18日（周四）15:00，13 天后（“下午”按 15:00 计）」. */
export function understoodText(r: Pick<ReadOk, 'start' | 'end' | 'assumed'>, now: Date, tz: string): string {
  return `${formatUnderstood(r, now, tz)}${assumptionsText(r.assumed)}`;
}
