import type { Mention } from '../../contracts/message.js';
import type { Person } from '../meetings/attendance.js';
import { MEETING_TYPE_LABEL, windowOf, type Meeting } from '../meetings/meetings.js';
import { formatTime } from '../../contracts/time.js';
import { formatOffset } from './settings.js';
import type { ZoneClock } from './zone-clock.js';

// What a reminder says in one chat. Computed when it fires, so the people it names are those who
// have neither checked in nor asked for leave at that moment.

export interface ReminderTextInput {
  meeting: Meeting;
  unitName: string;
  timeZone: string;
  now: Date;
  /** Expected members of this chat's units with no check-in and no leave, in roster order. */
  pending: readonly Person[];
  /** Account ids of `pending` on this chat's platform (member id → user id); empty when mentions are off. */
  accounts: ReadonlyMap<string, string>;
  mentionCap: number;
  namesMax: number;
  /** Formatter cache for the pass (one Intl formatter per zone). */
  clock: ZoneClock;
}

/** "张三、李四、王五 等 12 人" with at most `max` names. */
function names(list: readonly string[], max: number): string {
  if (list.length <= max) return list.join('、');
  return `${list.slice(0, max).join('、')} 等 ${list.length} 人`;
}

/** The reminder's text and the people it @-mentions. */
export function reminderText(input: ReminderTextInput): { text: string; mentions: Mention[] } {
  const { meeting: m, timeZone: tz, now } = input;
  const type = MEETING_TYPE_LABEL[m.type];
  const title = m.title && m.title !== type ? `「${m.title}」` : '';
  const left = Math.round((m.startsAt - now.getTime()) / 60_000);
  const lines = [
    `【会议提醒】${input.unitName} #${m.id} ${type}${title}`,
    `时间：${formatTime(new Date(m.startsAt), tz, input.clock.parts)}（${left >= 1 ? `还有 ${formatOffset(left)}` : '即将开始'}）`,
  ];
  if (m.place) lines.push(`地点：${m.place}`);
  const opens = windowOf(m).opensAt;
  const checkin = opens <= now ? '现在即可发送「签到」' : `${formatTime(opens, tz, input.clock.parts)} 起发送「签到」`;
  lines.push(`签到：${checkin}${m.codeSecret ? '（需输入会场出示的签到码）' : ''}；不能参加请提前发送「请假 ${m.id} 原因」。`);

  const mentions: Mention[] = [];
  const unnamed: string[] = [];
  for (const p of input.pending) {
    const id = input.accounts.get(p.id);
    if (id && mentions.length < input.mentionCap) mentions.push({ id, name: p.name });
    else unnamed.push(p.name);
  }
  if (input.pending.length) {
    const tagged = mentions.map((x) => `@${x.name}`).join(' ');
    const rest = unnamed.length ? names(unnamed, input.namesMax) : '';
    const who = [tagged, mentions.length && rest ? `另有 ${rest}` : rest].filter(Boolean).join('；');
    lines.push(`尚未签到或请假（${input.pending.length} 人）：${who}`);
  }
  return { text: lines.join('\n'), mentions };
}
