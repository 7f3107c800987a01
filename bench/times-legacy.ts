/**
 * The first Chinese time parser, frozen here as the "old" column of `npm run bench -- times`
 * (bench/times.ts) once every command read times with `readTime` (src/command/time/read.ts).
 * Nothing in the product uses it.
 */
import * as chrono from 'chrono-node';
import { fromZoned, zonedParts, type WallTime } from '../src/contracts/time.js';

const pad = (n: number): string => String(n).padStart(2, '0');

// ---- Text normalisation that remembers where each character came from ----

/** Normalised text; spans[i] is the [start, end) range in the original text of character i. */
interface Mapped {
  text: string;
  spans: Array<[number, number]>;
}

function nfkc(text: string): Mapped {
  const out: Mapped = { text: '', spans: [] };
  let offset = 0;
  for (const ch of text) {
    const norm = ch.normalize('NFKC');
    out.text += norm;
    for (let i = 0; i < norm.length; i++) out.spans.push([offset, offset + ch.length]);
    offset += ch.length;
  }
  return out;
}

/** Replaces every match of the global `re`; replaced characters map to the whole original match. */
function rewrite(m: Mapped, re: RegExp, fn: (g: RegExpExecArray) => string): Mapped {
  const out: Mapped = { text: '', spans: [] };
  let last = 0;
  for (const g of m.text.matchAll(re)) {
    const start = g.index ?? 0;
    const end = start + g[0].length;
    if (end === start) continue;
    out.text += m.text.slice(last, start);
    out.spans.push(...m.spans.slice(last, start));
    const repl = fn(g as RegExpExecArray);
    const span: [number, number] = [m.spans[start]![0], m.spans[end - 1]![1]];
    out.text += repl;
    for (let i = 0; i < repl.length; i++) out.spans.push(span);
    last = end;
  }
  out.text += m.text.slice(last);
  out.spans.push(...m.spans.slice(last));
  return out;
}

const ZH_DIGITS: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const NUM = '\\d{1,2}|[零一二两三四五六七八九十]{1,3}';

/** Parses '7', '07', '七', '十二', '二十八' (0-99); null otherwise. */
function zhNum(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  const [tens, ones, extra] = s.split('十');
  if (extra !== undefined) return null;
  if (ones === undefined) return s.length === 1 ? (ZH_DIGITS[s] ?? null) : null;
  const t = tens === '' ? 1 : ZH_DIGITS[tens ?? ''];
  const o = ones === '' ? 0 : ZH_DIGITS[ones];
  return t === undefined || o === undefined || tens!.length > 1 || ones.length > 1 ? null : t * 10 + o;
}

/** 24-hour clock hour for `hour` said after a part-of-day word; null leaves the text as it is. */
function hourIn(period: string, hour: number): number | null {
  if (hour > 12) return hour;
  if (/^(下午|傍晚|晚上|夜里|晚)$/.test(period)) return hour === 12 ? (period === '下午' ? 12 : null) : hour + 12;
  if (period === '中午') return hour < 6 ? hour + 12 : hour;
  return period === '凌晨' && hour === 12 ? 0 : hour;
}

/** Default clock hour of a part-of-day word said without an hour. */
const PERIOD_DEFAULT: Record<string, number> = { 早上: 8, 早晨: 8, 上午: 9, 中午: 12, 下午: 14, 傍晚: 18, 晚上: 19 };

/**
 * Rewrites what chrono mis-reads into forms it handles: full-width → ASCII (NFKC), 'YYYY/M/D' → ISO,
 * 'M/D' or 'M-D' before a time → 'M月D日', '一刻'/'三刻' → 15/45 minutes, '今晚' → '今天晚上',
 * part of day + hour → 24-hour hour ('晚7点' → '19点'), a bare part of day → its default hour
 * ('上午' → '9点'); greetings such as '下午好' are blanked out.
 */
function normalise(text: string): Mapped {
  let m = nfkc(text);
  m = rewrite(m, /(\d{4})[/.](\d{1,2})[/.](\d{1,2})/g, (g) => `${g[1]}-${pad(Number(g[2]))}-${pad(Number(g[3]))}`);
  m = rewrite(m, /(?<![\d./-])(\d{1,2})[/.-](\d{1,2})(?=\s*(?:\d{1,2}\s*[:点]|[上下中早晚傍凌]))/g, (g) =>
    Number(g[1]) >= 1 && Number(g[1]) <= 12 && Number(g[2]) >= 1 && Number(g[2]) <= 31
      ? `${Number(g[1])}月${Number(g[2])}日`
      : g[0],
  );
  m = rewrite(m, /点\s*([一三])刻/g, (g) => (g[1] === '一' ? '点15分' : '点45分'));
  m = rewrite(m, /([今明])([早晚])(?!上|晨)/g, (g) => `${g[1]}天${g[2] === '早' ? '早上' : '晚上'}`);
  const periodHour = new RegExp(`(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|早|晚)\\s*(${NUM})(?=\\s*[点时:])`, 'g');
  m = rewrite(m, periodHour, (g) => {
    const h = zhNum(g[2] ?? '');
    const h24 = h === null || h > 24 ? null : hourIn(g[1] ?? '', h);
    return h24 === null ? g[0] : String(h24);
  });
  m = rewrite(m, /(早上|早晨|上午|中午|下午|晚上)好/g, (g) => ' '.repeat(g[0].length)); // greetings
  const bare = new RegExp(`(${Object.keys(PERIOD_DEFAULT).join('|')})(?!\\s*(?:${NUM}))`, 'g');
  return rewrite(m, bare, (g) => `${PERIOD_DEFAULT[g[1] ?? '']}点`);
}

/** A parsed date-time: the instant, the original text it came from, and whether a clock time was given. */
export interface ParsedTime {
  date: Date;
  text: string;
  /** False when only a date was given; the time is then 09:00 local, which callers may refuse. */
  timeCertain: boolean;
}

const hasDate = (c: chrono.ParsedComponents): boolean =>
  c.isCertain('day') || c.isCertain('weekday') || c.isCertain('month');

/**
 * Parses the first Chinese or ISO date-time in `text`, read in IANA zone `timeZone` relative to
 * `now`; dates without a year, weekdays and bare times resolve to the future. Null if none found.
 */
export function parseChineseTime(text: string, opts: { now: Date; timeZone: string }): ParsedTime | null {
  const src = normalise(text);
  const w = zonedParts(opts.now, opts.timeZone);
  // chrono's zh parsers read the reference with process-local getters, so hand it a Date whose local
  // fields are the zone's wall time; the wall-time fields it returns are then converted with fromZoned.
  const ref = new Date(
    w.year,
    w.month - 1,
    w.day,
    w.hour,
    w.minute,
    opts.now.getUTCSeconds(),
    opts.now.getUTCMilliseconds(),
  );
  const results = chrono.zh.hans.casual.parse(src.text, ref, { forwardDate: true });
  const first = results[0];
  if (!first) return null;
  if (/^(现在|立刻|立即|即刻)$/.test(first.text.trim())) {
    return { date: new Date(opts.now), text: first.text.trim(), timeCertain: true };
  }
  let end = first.index + first.text.length;
  let time = first.start;
  const next = results[1];
  // chrono splits e.g. '12月1日，15:00' into a date-only result and a time-only one: merge them.
  if (
    next &&
    !first.start.isCertain('hour') &&
    next.start.isCertain('hour') &&
    !hasDate(next.start) &&
    /^[\s,，]*$/.test(src.text.slice(end, next.index))
  ) {
    end = next.index + next.text.length;
    time = next.start;
  }
  const timeCertain = time.isCertain('hour');
  const day = first.start;
  const wall: WallTime = {
    year: day.get('year') ?? w.year,
    month: day.get('month') ?? w.month,
    day: day.get('day') ?? w.day,
    hour: timeCertain ? (time.get('hour') ?? 9) : 9,
    minute: timeCertain ? (time.get('minute') ?? 0) : 0,
  };
  let date = fromZoned(wall, opts.timeZone);
  if (timeCertain && date <= opts.now) {
    // Forward what the words left open: a bare weekday to next week, a bare time to tomorrow,
    // a month and day without a year to next year.
    if (!day.isCertain('day') && day.isCertain('weekday')) wall.day += 7;
    else if (!hasDate(day)) wall.day += 1;
    else if (day.isCertain('day') && !day.isCertain('year')) wall.year += 1;
    date = fromZoned(wall, opts.timeZone);
  }
  let start = first.index;
  while (start < end && /\s/.test(src.text[start] ?? '')) start++;
  while (end > start && /\s/.test(src.text[end - 1] ?? '')) end--;
  const matched = text.slice(src.spans[start]![0], src.spans[end - 1]![1]);
  // '晚上12点' is midnight but chrono reads noon, and which midnight is meant is unclear: refuse it.
  if (/(晚上?|夜里)\s*(12|十二)\s*[点时:]/.test(matched.normalize('NFKC'))) return null;
  return { date, text: matched, timeCertain };
}
