// Reads what follows "会议 <类型>": the time (or a monthly repeat), place, title and options.
import { CommandError } from '../../src/command/errors.js';
import { MAX_MEETING_PLACE_CHARS, MAX_MEETING_TITLE_CHARS } from '../../src/services/meetings/meetings.js';
import { nextMonthlyOccurrence, zonedParts, type MonthlyRule } from '../../src/contracts/time.js';
import type { Assumption } from '../../src/command/zh-time.js';
import { readWhen, type UnitTimes } from '../shared/when.js';

export interface MeetingDetails {
  startsAt: Date;
  /** When a range was written (「下午3点到5点」, 「15:00-17:00」). */
  endsAt: Date | null;
  /** The words the time was read from. */
  timeText: string;
  /** What the reading took that the words did not say, for the answer to mention. */
  assumed: Assumption[];
  repeat: MonthlyRule | null;
  place: string | null;
  title: string | null;
  host: string | null;
  recorder: string | null;
  /** 主讲人 (a 党课's speaker). */
  speaker: string | null;
  unitName: string | null;
  requireCode: boolean;
}

const OPTION = /^(主持人|主持|记录人|记录|主讲人|主讲|组织|单位)[:：](.*)$/;
const CODE_FLAG = /^(需签到码|要签到码|签到码)$/;
const MONTHLY = /^每个?月/;
/** The day of the month a repeat names right after 每月: 「15日」「十五号」. */
const MONTH_DAY = /^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]/;
/** Most days a monthly repeat may fall on: every month has them. */
export const MAX_MONTHLY_DAY = 28;

export const TIME_EXAMPLES = '例如「明天下午3点」「12月5日 15:00」「2026-12-01 15:00」，或每月例会「每月15日 15:00」';
const MONTHLY_USAGE = `每月例会请写成「每月15日 15:00」（日期 1-${MAX_MONTHLY_DAY} 号）`;

/** Splits option tokens (主持人:@张三, 记录人:李四, 主讲人:王老师, 组织:第一支部, 需签到码) from the rest. */
function takeOptions(tokens: readonly string[]): {
  plain: string[];
  opts: Pick<MeetingDetails, 'host' | 'recorder' | 'speaker' | 'unitName' | 'requireCode'>;
} {
  const opts = {
    host: null as string | null,
    recorder: null as string | null,
    speaker: null as string | null,
    unitName: null as string | null,
    requireCode: false,
  };
  const plain: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (CODE_FLAG.test(t)) {
      opts.requireCode = true;
      continue;
    }
    const m = OPTION.exec(t);
    if (!m) {
      plain.push(t);
      continue;
    }
    let value = (m[2] ?? '').trim();
    if (!value && tokens[i + 1]) value = tokens[++i]!;
    value = value.replace(/^@/, '');
    if (!value) throw new CommandError(`「${m[1]}:」后面请写名字。`);
    if (m[1]!.startsWith('主持')) opts.host = value;
    else if (m[1]!.startsWith('记录')) opts.recorder = value;
    else if (m[1]!.startsWith('主讲')) opts.speaker = value;
    else opts.unitName = value;
  }
  return { plain, opts };
}

type Timing = Pick<MeetingDetails, 'startsAt' | 'endsAt' | 'timeText' | 'assumed' | 'repeat'> & { rest: string };

/** 「每月15日 15:00」「每月1号下午」 (the words from 每月 on): the rule and its next occurrence. */
function readMonthly(text: string, now: Date, unit: UnitTimes): Timing {
  const after = text.replace(MONTHLY, '');
  if (!MONTH_DAY.test(after.normalize('NFKC'))) throw new CommandError(`${MONTHLY_USAGE}。`);
  const r = readWhen(after, { now, ...unit, purpose: 'meeting', example: MONTHLY_USAGE.replace('请写成', '例如') });
  const wall = zonedParts(r.start, unit.timeZone);
  if (wall.day > MAX_MONTHLY_DAY) throw new CommandError(`${MONTHLY_USAGE}：不是每个月都有 ${wall.day} 号。`);
  const repeat = { day: wall.day, hour: wall.hour, minute: wall.minute };
  const startsAt = nextMonthlyOccurrence(repeat, { after: now, timeZone: unit.timeZone });
  const endsAt = r.end ? new Date(startsAt.getTime() + (r.end.getTime() - r.start.getTime())) : null;
  // Which month came first is the rule's business, not an assumption about the words.
  const assumed = r.assumed.filter((a) => a.kind !== 'next_month' && a.kind !== 'next_day');
  return {
    startsAt,
    endsAt,
    timeText: `${text.slice(0, text.length - after.length)}${r.text}`,
    assumed,
    repeat,
    rest: r.rest,
  };
}

/**
 * Parses "<时间> [地点] [标题] [主持人:@某人] [记录人:@某人] [主讲人:@某人] [需签到码] [组织:名称]". A time that is
 * past, too far ahead, not on the calendar or not a time is refused with the reason; a date or a
 * part of day without an hour takes the unit's default, reported in `assumed`. `unitOf` gives
 * the zone and defaults of the unit named by 组织: (or of the chat's unit when null).
 */
export function parseMeetingDetails(
  tokens: readonly string[],
  now: Date,
  unitOf: (unitName: string | null) => UnitTimes,
): MeetingDetails {
  const { plain, opts } = takeOptions(tokens);
  const unit = unitOf(opts.unitName);
  if (plain.length === 0) throw new CommandError(`缺少时间，${TIME_EXAMPLES}。`);
  const monthlyAt = plain.findIndex((t) => MONTHLY.test(t));
  let timing: Timing;
  if (monthlyAt >= 0) {
    const m = readMonthly(plain.slice(monthlyAt).join(' '), now, unit);
    timing = { ...m, rest: [...plain.slice(0, monthlyAt), m.rest].join(' ') };
  } else {
    const r = readWhen(plain.join(' '), { now, ...unit, purpose: 'meeting', example: TIME_EXAMPLES });
    timing = {
      startsAt: r.start,
      endsAt: r.end ?? null,
      timeText: r.text,
      assumed: r.assumed,
      repeat: null,
      rest: r.rest,
    };
  }
  const words = timing.rest.split(/\s+/).filter(Boolean);
  const place = words[0] ?? null;
  const title = words.slice(1).join(' ') || null;
  if (place && place.length > MAX_MEETING_PLACE_CHARS)
    throw new CommandError(`地点最多 ${MAX_MEETING_PLACE_CHARS} 个字。`);
  if (title && title.length > MAX_MEETING_TITLE_CHARS)
    throw new CommandError(`标题最多 ${MAX_MEETING_TITLE_CHARS} 个字。`);
  const { rest: _rest, ...time } = timing;
  return { ...time, place, title, ...opts };
}
