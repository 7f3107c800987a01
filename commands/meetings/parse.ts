// Reads what follows "会议 <类型>": the time (or a monthly repeat), place, title and options.
import { CommandError } from '../../src/command/errors.js';
import { MAX_MEETING_PLACE_CHARS, MAX_MEETING_TITLE_CHARS } from '../../src/services/meetings/meetings.js';
import { nextMonthlyOccurrence, type MonthlyRule } from '../../src/contracts/time.js';
import { futureTime } from '../../src/command/when.js';
import { parseChineseTime, parseMonthlyRepeat } from '../../src/command/zh-time.js';

/** Most tokens a time may span ("12月5日 下午 3点 半"). */
const MAX_TIME_TOKENS = 4;

export interface MeetingDetails {
  startsAt: Date;
  /** The words the time was read from. */
  timeText: string;
  repeat: MonthlyRule | null;
  place: string | null;
  title: string | null;
  host: string | null;
  recorder: string | null;
  unitName: string | null;
  requireCode: boolean;
}

const OPTION = /^(主持人|主持|记录人|记录|组织|单位)[:：](.*)$/;
const CODE_FLAG = /^(需签到码|要签到码|签到码)$/;

export const TIME_EXAMPLES = '例如「明天下午3点」「12月5日 15:00」「2026-12-01 15:00」，或每月例会「每月15日 15:00」';

/** Splits option tokens (主持人:@张三, 记录人:李四, 组织:第一支部, 需签到码) from the rest. */
function takeOptions(tokens: readonly string[]): {
  plain: string[];
  opts: Pick<MeetingDetails, 'host' | 'recorder' | 'unitName' | 'requireCode'>;
} {
  const opts = {
    host: null as string | null,
    recorder: null as string | null,
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
    else opts.unitName = value;
  }
  return { plain, opts };
}

/** The longest leading run of tokens that reads entirely as one date-time. */
function leadingTime(tokens: readonly string[], now: Date, timeZone: string) {
  for (let k = Math.min(MAX_TIME_TOKENS, tokens.length); k >= 1; k--) {
    const text = tokens.slice(0, k).join(' ');
    const r = parseChineseTime(text, { now, timeZone });
    if (r && r.text.replace(/\s+/g, '') === text.replace(/\s+/g, '')) return { parsed: r, rest: tokens.slice(k) };
  }
  return null;
}

/**
 * Parses "<时间> [地点] [标题] [主持人:@某人] [记录人:@某人] [需签到码] [组织:名称]". A date without a
 * time, a time in the past and a time it cannot read are refused with a message naming the words.
 * `zoneOf` gives the time zone of the unit named by 组织: (or of the chat's unit when null).
 */
export function parseMeetingDetails(
  tokens: readonly string[],
  now: Date,
  zoneOf: (unitName: string | null) => string,
): MeetingDetails {
  const { plain, opts } = takeOptions(tokens);
  const timeZone = zoneOf(opts.unitName);
  if (plain.length === 0) throw new CommandError(`缺少时间，${TIME_EXAMPLES}。`);
  let startsAt: Date;
  let timeText: string;
  let repeat: MonthlyRule | null = null;
  let rest: string[];
  const monthlyAt = plain.findIndex((t) => /每个?月/.test(t));
  if (monthlyAt >= 0) {
    let found: { rule: MonthlyRule; k: number } | null = null;
    for (let k = 1; k <= Math.min(MAX_TIME_TOKENS, plain.length - monthlyAt) && !found; k++) {
      const rule = parseMonthlyRepeat(plain.slice(monthlyAt, monthlyAt + k).join(' '));
      if (rule) found = { rule, k };
    }
    if (!found) throw new CommandError(`每月例会请写成「每月15日 15:00」（日期 1-28 号，须写明几点）。`);
    repeat = found.rule;
    timeText = plain.slice(monthlyAt, monthlyAt + found.k).join(' ');
    startsAt = nextMonthlyOccurrence(repeat, { after: now, timeZone });
    rest = [...plain.slice(0, monthlyAt), ...plain.slice(monthlyAt + found.k)];
  } else {
    const lead = leadingTime(plain, now, timeZone);
    const whole = lead ? null : parseChineseTime(plain.join(' '), { now, timeZone });
    const parsed = lead?.parsed ?? whole;
    if (!parsed) throw new CommandError(`没看懂时间「${plain.join(' ').slice(0, 30)}」，${TIME_EXAMPLES}。`);
    timeText = parsed.text;
    if (!parsed.timeCertain)
      throw new CommandError(`「${timeText}」没有写几点开始，请写明时间，例如「${timeText} 下午3点」。`);
    futureTime(timeText, { now, timeZone });
    startsAt = parsed.date;
    rest = lead ? lead.rest : plain.join(' ').replace(parsed.text, ' ').split(/\s+/).filter(Boolean);
  }
  const place = rest[0] ?? null;
  const title = rest.slice(1).join(' ') || null;
  if (place && place.length > MAX_MEETING_PLACE_CHARS)
    throw new CommandError(`地点最多 ${MAX_MEETING_PLACE_CHARS} 个字。`);
  if (title && title.length > MAX_MEETING_TITLE_CHARS)
    throw new CommandError(`标题最多 ${MAX_MEETING_TITLE_CHARS} 个字。`);
  return { startsAt, timeText, repeat, place, title, ...opts };
}
