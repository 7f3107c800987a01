/**
 * The one fixed form in which every scheduling answer echoes the understood time, and short
 * notes for what was assumed: 「12月18日（周四）15:00，13 天后」, 「（“下午”按 15:00 计）」.
 * This is the command layer's wording; readTime itself returns data only.
 */
import { daysBetween } from './calendar.js';
import type { Assumption, CalendarDate, PartOfDay, ReadOk } from './types.js';
import { wallOf } from './zone.js';

const WEEKDAY = '日一二三四五六';
const pad = (n: number) => String(n).padStart(2, '0');

const PART_WORD: Record<PartOfDay, string> = {
  dawn: '凌晨',
  early_morning: '早上',
  morning: '上午',
  noon: '中午',
  afternoon: '下午',
  dusk: '傍晚',
  evening: '晚上',
  night: '夜里',
  day: '',
};

function dayText(d: Date, tz: string, thisYear: number): string {
  const p = wallOf(d, tz);
  return `${p.year === thisYear ? '' : `${p.year}年`}${p.month}月${p.day}日（周${WEEKDAY[p.weekday]}）`;
}

const clockText = (d: Date, tz: string) => {
  const p = wallOf(d, tz);
  return `${pad(p.hour)}:${pad(p.minute)}`;
};

const dateOf = (d: Date, tz: string): CalendarDate => {
  const p = wallOf(d, tz);
  return { year: p.year, month: p.month, day: p.day };
};

/**
 * 「12月18日（周四）15:00，13 天后」; the year when it is not this year; 今天 / 明天 instead of a
 * count; a range as 「15:00–17:00」 on one day or with both days when it ends on another.
 */
export function formatUnderstood(r: Pick<ReadOk, 'start' | 'end'>, now: Date, tz: string): string {
  const thisYear = wallOf(now, tz).year;
  let text = `${dayText(r.start, tz, thisYear)}${clockText(r.start, tz)}`;
  if (r.end) {
    const sameDay = daysBetween(dateOf(r.start, tz), dateOf(r.end, tz)) === 0;
    text += sameDay ? `–${clockText(r.end, tz)}` : ` 至 ${dayText(r.end, tz, thisYear)}${clockText(r.end, tz)}`;
  }
  const days = daysBetween(dateOf(now, tz), dateOf(r.start, tz));
  const when = days === 0 ? '今天' : days === 1 ? '明天' : days > 0 ? `${days} 天后` : `${-days} 天前`;
  return `${text}，${when}`;
}

const md = (d: CalendarDate) => `${d.month}月${d.day}日`;

/** A short note for one assumption, to follow the echo: 「“下午”按 15:00 计」. */
export function describeAssumption(a: Assumption): string {
  switch (a.kind) {
    case 'default_time': {
      const at = `${pad(a.hour)}:${pad(a.minute)}`;
      return a.part === 'day' ? `没写几点，按 ${at} 计` : `“${PART_WORD[a.part]}”按 ${at} 计`;
    }
    case 'afternoon':
      return `“${a.hour}点”按下午 ${a.hour + 12}:00 计`;
    case 'next_day':
      return '今天这个时间已过，按明天计';
    case 'next_week':
      return '本周这一天已过，按下周计';
    case 'week':
      return `一周按周一到周日算，指 ${md(a.monday)}–${md(a.sunday)} 这一周`;
    case 'next_month':
      return `本月这一天已过，按 ${a.month}月 计`;
    case 'next_year':
      return `今年这一天已过，按 ${a.year} 年计`;
    case 'month_end':
      return '月底按当月最后一天计';
    case 'month_start':
      return '月初按当月 1 日计';
    case 'weekend':
      return '周末按周六计';
    case 'midnight':
      return '按当天结束时的午夜（次日 00:00）计';
    case 'after_midnight':
      return '已过午夜，按次日凌晨计';
    case 'late_night_tomorrow':
      return `现在已过午夜，“明天”按 ${md(a.date)} 计`;
    case 'approximate':
      return '按整点计';
  }
}
