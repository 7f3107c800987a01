import type { ErrorTexts } from '../../src/command/define.js';
import { formatQuietHours } from '../../src/contracts/config/scheduler.js';
import { DEFAULT_TIME_ZONE, formatTime } from '../../src/contracts/time.js';
import { meetingLabel, typeName, unfinishedRecordsLine } from '../meetings/texts.js';
import { fitSummary, SMALLEST_MAX_TEXT_CHARS } from '../shared/long.js';
import { formatOffset } from '../shared/offsets.js';
import { overdueNoticesLines } from '../notices/texts.js';
export { formatOffset };
import type { Unit, UnitTree } from '../../src/services/org/units.js';
import type { ReminderErrors } from '../../src/services/reminders/errors.js';
import type { MissedReminder } from '../../src/services/reminders/missed.js';
import type { UnitReminderSettings } from '../../src/services/reminders/plan.js';
import type { ReminderTexts } from '../../src/services/reminders/texts.js';

// Every word of reminders that people read: the reminders and digests the scheduler sends, and
// the answers of 提醒设置 and 错过提醒.

/** "张三、李四、王五 等 12 人" with at most `max` names. */
function names(list: readonly string[], max: number): string {
  if (list.length <= max) return list.join('、');
  return `${list.slice(0, max).join('、')} 等 ${list.length} 人`;
}

/** Unfinished record books a digest lists by name; more are counted. */
const DIGEST_RECORDS_LISTED = 5;

/** What the scheduler's messages say; the runtime hands this to the Scheduler. */
export const reminderTexts: ReminderTexts = {
  reminder(f) {
    const { meeting: m, timeZone: tz, now } = f;
    const type = typeName(m.type);
    const title = m.title && m.title !== type ? `「${m.title}」` : '';
    const left = Math.round((m.startsAt - now.getTime()) / 60_000);
    const lines = [
      `【会议提醒】${f.unitName} #${m.id} ${type}${title}`,
      `时间：${formatTime(new Date(m.startsAt), tz, f.parts)}（${left >= 1 ? `还有 ${formatOffset(left)}` : '即将开始'}）`,
    ];
    if (m.place) lines.push(`地点：${m.place}`);
    const opens = f.checkinOpensAt;
    const checkin = opens <= now ? '现在即可发送「签到」' : `${formatTime(opens, tz, f.parts)} 起发送「签到」`;
    const code = m.codeSecret ? '（需输入会场出示的签到码）' : '';
    lines.push(`签到：${checkin}${code}；不能参加请提前发送「请假 ${m.id} 原因」。`);
    if (f.pendingCount) {
      const tagged = f.mentioned.map((x) => `@${x.name}`).join(' ');
      const rest = f.others.length ? names(f.others, f.namesMax) : '';
      const who = [tagged, f.mentioned.length && rest ? `另有 ${rest}` : rest].filter(Boolean).join('；');
      lines.push(`尚未签到或请假（${f.pendingCount} 人）：${who}`);
    }
    return lines.join('\n');
  },

  quarterDigest(f) {
    const missing = (u: (typeof f.owed)[number]) => u.counts.reduce((n, c) => n + c.required - c.held, 0);
    // The units behind most first: a 区委's digest names the worst and counts the rest (issue 24).
    const owed = [...f.owed].sort((a, b) => missing(b) - missing(a));
    const lines = owed.map((u) => {
      const parts = u.counts.map((c) => {
        const planned = c.scheduled ? `（已安排 ${c.scheduled}）` : '';
        return `${typeName(c.type)} 已开 ${c.held}/${c.required}，还差 ${c.required - c.held}${planned}`;
      });
      return `· ${u.unitName}：${parts.join('；')}`;
    });
    const lastMinute = new Date(f.quarterEnd.getTime() - 60_000);
    const many = lines.length > 1 ? `（${lines.length} 个组织）` : '';
    const head = lines.length ? `三会一课还差${many}：` : '三会一课已开齐。';
    const unfinished =
      f.unfinished.length <= DIGEST_RECORDS_LISTED
        ? unfinishedRecordsLine(f.unfinished, f.timeZone)
        : [`会议记录未完成 ${f.unfinished.length} 场，名单见看板。`];
    const tail = [
      ...unfinished,
      ...overdueNoticesLines(f.overdueNotices ?? [], f.timeZone),
      `（截至 ${formatTime(f.now, f.timeZone)}，季度末 ${formatTime(lastMinute, f.timeZone)}）发送「本季度」查看详情和连续缺席预警。`,
    ];
    const more = (left: number) => `……另有 ${left} 个组织还差，完整列表见看板或导出（私聊发送「看板」）。`;
    const top = [`【本季度提醒】「${f.unitName}」${f.year}年第${f.quarter}季度 ${head}`];
    return fitSummary(top, lines, tail, more, SMALLEST_MAX_TEXT_CHARS);
  },
};

export const reminderErrorTexts: ErrorTexts<ReminderErrors> = {
  'reminder.offset_count': ({ min, max }) => `请设置 ${min} 到 ${max} 个提前量。`,
  'reminder.offset_too_long': ({ maxMin }) => `提前量最多 ${formatOffset(maxMin)}。`,
  'reminder.not_allowed': ({ unitName }) => `你无权查看「${unitName}」的会议提醒。`,
};

const SET_USAGE = '提醒设置 <偏移,...> | 提醒设置 免打扰 <开始-结束|关> | 提醒设置 恢复默认 [组织:名称]';
const EXAMPLES =
  '「提醒设置 1天,2小时,10分钟」「提醒设置 免打扰 22:00-07:00」「提醒设置 免打扰 关」「提醒设置 恢复默认」';

/** Where a setting in force comes from: the defaults, the unit itself, or a unit above it. */
function source(tree: UnitTree, unit: Unit, from: string | null): string {
  if (from === null) return '（默认）';
  return from === unit.id ? '' : `（沿用「${tree.get(from)?.name ?? '上级'}」的设置）`;
}

function describe(tree: UnitTree, unit: Unit, s: UnitReminderSettings, bypassMin: number): string {
  const quiet = s.quiet
    ? `${formatQuietHours(s.quiet)}${source(tree, unit, s.quietFrom)}。落在免打扰时段的提醒改在时段开始前一分钟发出；` +
      `会议在 ${formatOffset(bypassMin)} 内开始的照常发送。`
    : `不设${source(tree, unit, s.quietFrom)}。`;
  const offsets = `提前提醒：${s.offsetsMin.map(formatOffset).join('、')}${source(tree, unit, s.offsetsFrom)}`;
  return [offsets, `免打扰：${quiet}`].join('\n');
}

/** The answers of 提醒设置. */
export const settingsTexts = {
  shown: (tree: UnitTree, unit: Unit, s: UnitReminderSettings, bypassMin: number) =>
    [`「${unit.name}」会议提醒设置`, describe(tree, unit, s, bypassMin), `修改示例：${EXAMPLES}`].join('\n'),
  updated(tree: UnitTree, unit: Unit, s: UnitReminderSettings, bypassMin: number, meetings: number): string {
    const lines = [`已更新「${unit.name}」的会议提醒设置`, describe(tree, unit, s, bypassMin)];
    if (meetings) lines.push(`已按新设置调整 ${meetings} 场待开会议的提醒（已发出的不再重发）。`);
    return lines.join('\n');
  },
  quietMissing:
    '请写免打扰时段，例如「提醒设置 免打扰 晚上10点到早上7点」「提醒设置 免打扰 22:00-07:00」，或「提醒设置 免打扰 关」。',
  quietUnreadable: (spec: string) =>
    `没看懂免打扰时段「${spec.slice(0, 20)}」，请写成「晚上10点到早上7点」「22:00-07:00」或「关」。`,
  offsetUnreadable: (bad: string) =>
    `没看懂「${bad.slice(0, 20)}」。提前量请写成「1天」「2小时」「半小时」，用逗号或「和」分开。`,
  /** Shown under an unreadable offset, as the usage of a refused command is. */
  usageAndExamples: `${SET_USAGE}\n${EXAMPLES}`,
};

/** The answer of 错过提醒. */
export function missedText(tree: UnitTree, unit: Unit, days: number, list: readonly MissedReminder[]): string {
  if (list.length === 0) return `「${unit.name}」近 ${days} 天没有错过的会议提醒。`;
  const lines = [`「${unit.name}」近 ${days} 天未能按时发出的会议提醒 ${list.length} 条（系统停机所致，已不再补发）：`];
  for (const r of list) {
    const tz = tree.get(r.meeting.unitId)?.timeZone ?? DEFAULT_TIME_ZONE;
    const due = formatTime(new Date(r.dueAt), tz);
    lines.push(`· ${meetingLabel(r.meeting, tz)}：提前 ${formatOffset(r.offsetMin)} 的提醒，原定 ${due} 发出`);
  }
  lines.push('如会议仍将举行，请在群里另行通知。');
  return lines.join('\n');
}
