import type { ErrorTexts } from '../../src/command/define.js';
import { formatTime } from '../../src/contracts/time.js';
import { windowOf } from '../../src/services/meetings/meetings.js';
import type { MeetingsErrors } from '../../src/services/meetings/errors.js';
import type { CancelledItem, MeetingNoticeTexts } from '../../src/services/meetings/texts.js';
import type { PlannedReminder } from '../../src/services/reminders/plan.js';
import { formatOffset } from '../shared/offsets.js';
import type { MakeupStatus, Meeting, MeetingRef, MeetingType } from '../../src/services/meetings/types.js';
import type { UnfinishedRecord } from '../../src/services/records/unfinished.js';

// Every word of the meeting and check-in commands that people read, and the words they type for
// a meeting type.

/** What people call each meeting type. */
export const MEETING_TYPE_NAME: ReadonlyMap<MeetingType, string> = new Map<MeetingType, string>([
  ['general_assembly', '党员大会'],
  ['committee_meeting', '支委会'],
  ['group_meeting', '党小组会'],
  ['lecture', '党课'],
  ['theme_day', '主题党日'],
  ['volunteer', '志愿活动'],
  ['other', '其他'],
]);

/** The name of a meeting type. */
export const typeName = (type: MeetingType): string => MEETING_TYPE_NAME.get(type) ?? type;

/** Words people type for a meeting type: the names, and the longer or shorter forms in use. */
export const MEETING_TYPE_WORDS: ReadonlyMap<string, MeetingType> = new Map<string, MeetingType>([
  ...[...MEETING_TYPE_NAME].map(([type, name]) => [name, type] as const),
  ['支部党员大会', 'general_assembly'],
  ['支部委员会', 'committee_meeting'],
  ['支委会议', 'committee_meeting'],
  ['小组会', 'group_meeting'],
  ['主题党日活动', 'theme_day'],
  ['志愿服务', 'volunteer'],
  ['活动', 'other'],
]);

/** "党员大会、支委会、…、其他": the types as 会议 lists them. */
export const TYPE_LIST = [...MEETING_TYPE_NAME.values()].join('、');

/** What people call a 补签 request's state. */
export const MAKEUP_STATUS_NAME: ReadonlyMap<MakeupStatus, string> = new Map<MakeupStatus, string>([
  ['pending', '待审批'],
  ['approved', '已批准'],
  ['rejected', '已驳回'],
]);

const statusName = (s: MakeupStatus): string => MAKEUP_STATUS_NAME.get(s) ?? s;

/** "15:00" in `tz`. */
export const hhmm = (d: Date | number, tz: string): string => formatTime(new Date(d), tz).split(' ')[1]!;

const at = (ms: number, tz: string): string => formatTime(new Date(ms), tz);

/** "#12 主题党日「…」12月15日(周二) 15:00" */
export function meetingLabel(m: MeetingRef, timeZone: string): string {
  const type = typeName(m.type);
  const title = m.title && m.title !== type ? `「${m.title}」` : '';
  return `#${m.id} ${type}${title} ${at(m.startsAt, timeZone)}`;
}

/** "–17:00" after the start, or " 至 12月16日(周三) 09:00" when it ends on another day; nothing without an end. */
export function endText(m: Pick<Meeting, 'startsAt' | 'endsAt'>, tz: string): string {
  if (m.endsAt === null) return '';
  const sameDay = at(m.startsAt, tz).split(' ')[0] === at(m.endsAt, tz).split(' ')[0];
  return sameDay ? `–${hhmm(m.endsAt, tz)}` : ` 至 ${at(m.endsAt, tz)}`;
}

/** meetingLabel with the end when one was given: "#12 主题党日 12月15日(周二) 15:00–17:00". */
export function meetingSpanLabel(m: MeetingRef & Pick<Meeting, 'endsAt'>, timeZone: string): string {
  return `${meetingLabel(m, timeZone)}${endText(m, timeZone)}`;
}

/** "签到：14:30 至 15:30（15:00 后签到记为迟到）" */
export function windowLine(m: Pick<Meeting, 'startsAt' | 'opensBeforeMin' | 'closesAfterMin'>, tz: string): string {
  const w = windowOf(m);
  return `签到：${hhmm(w.opensAt, tz)} 至 ${hhmm(w.closesAt, tz)}（${hhmm(w.startsAt, tz)} 后签到记为迟到）`;
}

/** "提醒：提前 1天、1小时、15分钟（12月4日(周五) 15:00 起）发到绑定的群。" or nothing. */
export function reminderLine(planned: readonly PlannedReminder[], tz: string): string[] {
  if (planned.length === 0) return [];
  const first = Math.min(...planned.map((p) => p.dueAt));
  const offsets = planned.map((p) => formatOffset(p.offsetMin)).join('、');
  return [`提醒：提前 ${offsets}（${at(first, tz)} 起）发到绑定的群。`];
}

const unitOr = (name: string | null): string => name ?? '其他组织';
const SETTING_FIELD = { place: '地点', title: '标题' } as const;

/** What 签到 says about the 签到码 beyond its refusals (commands/meetings/checkin.ts). */
export const checkinCodeTexts = {
  /** In the group, to a 签到 without a code: where to send it (never how, so no code follows). */
  askInGroup: (id: number) => `会议 #${id} 需要签到码，签到方法已私信发给你。`,
  /** In the group, to a code typed there: it is not accepted (said the same whether it was right). */
  typedInGroup: '签到码请私聊我发送，发到群里的签到码已作废。',
  /** By direct message, after either of the two above. */
  howInDirect: (id: number, digits: number) =>
    `会议 #${id} 需要签到码：请在这里（私聊）发送「签到 ${id} <${digits} 位签到码>」，签到码以会场最新出示的为准。` +
    '不要把签到码发到群里。',
  wrong: (left: number) => `签到码不对或已过期（还可再试 ${left} 次），请以会场出示的最新签到码为准。`,
  retired: (id: number) => `这个签到码已作废（有人把它发到了群里），请以会场最新出示的签到码为准（会议 #${id}）。`,
  /** By direct message to the officers, when a code typed into a group was retired. */
  newCode: (label: string, id: number, code: string, until: string) =>
    `${label} 的签到码被发到了群里，已作废。新的签到码：${code}（${until} 前有效），` +
    `之后请发送「签到码 ${id}」获取最新的签到码。`,
};

export const meetingsErrorTexts: ErrorTexts<MeetingsErrors> = {
  'meeting.not_found': ({ id }) => `没有编号为 ${id} 的会议。`,
  'meeting.chat_unbound': () => '本群尚未绑定组织。请在组织的群里使用，或私聊我并写明会议编号。',
  'meeting.no_unit': () => '你还没有所属组织，请写明会议编号，或用「组织:名称」指明组织。',
  'meeting.unbound_chat': ({ id, owner }) =>
    `本群尚未绑定组织，不能在这里处理会议 #${id}（属于「${unitOr(owner)}」）。请在「${unitOr(owner)}」的群里，或私聊我操作。`,
  'meeting.other_chat': ({ id, owner, bound }) =>
    `会议 #${id} 属于「${unitOr(owner)}」，本群绑定的是「${bound}」。请在「${unitOr(owner)}」的群里，或私聊我操作。`,
  'meeting.person_ambiguous': ({ name, units }) =>
    `本组织有 ${units.length} 位「${name}」（${units.join('、')}），请用 @ 指明是哪一位，例如「@${name}」。`,
  'meeting.no_draft': () => '没有待确认的会议安排。安排会议请发送：会议 <类型> <时间> [地点] [标题]',
  'meeting.draft_expired': ({ minutes }) => `待确认的会议安排已超过 ${minutes} 分钟或已到时间，请重新发送「会议 …」。`,
  'meeting.not_manager': ({ id, owner }) => `你无权管理会议 #${id}（属于「${unitOr(owner)}」）。`,
  'meeting.no_member': () => '你还没有成员记录，请先用邀请码加入组织：加入 <邀请码> <姓名>',
  'meeting.schedule_other_chat': ({ bound, unit }) =>
    `本群绑定的是「${bound ?? '（未绑定）'}」。要为「${unit}」安排会议，请在它的群里或私聊我。`,
  'meeting.list_forbidden': ({ unit }) => `你无权查看「${unit}」的会议。`,
  'meeting.cancelled': ({ id }) => `会议 #${id} 已取消。`,
  'meeting.already_cancelled': ({ id }) => `会议 #${id} 已经取消了。`,
  'meeting.cancel_after_start': ({ id, startsAt, zone }) => `会议 #${id} 已于 ${at(startsAt, zone)} 开始，不能再取消。`,
  'meeting.move_after_start': ({ id, startsAt, zone }) => `会议 #${id} 已于 ${at(startsAt, zone)} 开始，不能再改期。`,
  'meeting.field_length': ({ field, max }) => `${SETTING_FIELD[field]}应为 1-${max} 个字。`,
  'meeting.window_invalid': ({ max }) =>
    `请写「签到窗口 <开始前分钟> <开始后分钟>」，例如「签到窗口 15 60」（最多 ${max} 分钟）。`,

  'checkin.not_open': ({ id, opensAt, startsAt, zone }) =>
    `会议 #${id} 的签到 ${at(opensAt, zone)} 开始（会议 ${hhmm(startsAt, zone)} 开始）。`,
  'checkin.closed': ({ id, closesAt, zone }) =>
    `会议 #${id} 的签到已于 ${at(closesAt, zone)} 结束。如确实参会，请发送：补签 ${id} <原因>`,
  'checkin.code_required': ({ id, digits }) =>
    `会议 #${id} 需要签到码，请发送：签到 ${id} <${digits} 位签到码>（签到码在会场出示）。`,
  'checkin.code_locked': ({ id, max }) =>
    `签到码已输错 ${max} 次，会议 #${id} 不能再用签到码签到。请找书记或委员为你代签。`,
  'checkin.several_open': ({ meetings, zone }) =>
    `现在有 ${meetings.length} 场会议在签到：\n${meetings.map((m) => meetingLabel(m, zone)).join('\n')}\n请发送：签到 <编号>`,
  'checkin.opens_later': ({ meeting, opensAt, zone }) =>
    `${meetingLabel(meeting, zone)} 的签到 ${at(opensAt, zone)} 开始，现在还不能签到。`,
  'checkin.ended': ({ meeting, closesAt, zone }) =>
    `${meetingLabel(meeting, zone)} 的签到已于 ${at(closesAt, zone)} 结束。如确实参会，请发送：补签 ${meeting.id} <原因>`,
  'checkin.none_open': ({ unit }) => `「${unit}」现在没有正在签到的会议。发送「会议列表」查看安排。`,
  'checkin.no_code_meeting': ({ unit }) => `「${unit}」近期没有需要签到码的会议。`,
  'checkin.code_off': ({ id }) => `会议 #${id} 不需要签到码（可发送「会议设置 ${id} 签到码 开」开启）。`,
  'checkin.code_closed': ({ id }) => `会议 #${id} 的签到已结束。`,

  'attendance.committee_only': ({ id }) => `会议 #${id} 是支委会，只有书记、委员参加（签到、请假），其他成员不必签到。`,
  'attendance.leave_cancelled': ({ id }) => `会议 #${id} 已取消，无需请假。`,
  'attendance.leave_after_start': ({ id, startsAt, zone }) =>
    `会议 #${id} 已于 ${at(startsAt, zone)} 开始，不能再请假；请向书记或委员说明情况。`,
  'attendance.leave_checked_in': ({ id }) => `你已签到会议 #${id}，无需请假。`,
  'attendance.leave_already': ({ reason }) => `你已请过假（原因：${reason ?? '无'}）。`,
  'attendance.no_upcoming': ({ unit }) => `「${unit}」近期没有尚未开始的会议。`,
  'attendance.several_upcoming': ({ meetings, zone }) =>
    `近期有 ${meetings.length} 场会议：\n${meetings.map((m) => meetingLabel(m, zone)).join('\n')}\n` +
    '请发送：请假 <编号> <原因>',
  'attendance.no_leave': ({ id }) => (id === null ? '你没有可撤销的请假。' : `你没有请假会议 #${id}。`),
  'attendance.several_leaves': ({ meetings, zone }) =>
    `你请假了 ${meetings.length} 场会议：\n${meetings.map((m) => meetingLabel(m, zone)).join('\n')}\n` +
    '请发送：撤销请假 <编号>',
  'attendance.leave_ended': ({ id }) => `会议 #${id} 已结束，不能再撤销请假。`,
  'attendance.absence_too_early': ({ id }) => `会议 #${id} 的签到结束后才能登记缺席原因。`,
  'attendance.not_absent': () => '该成员不是缺席，无需登记原因。',
  'attendance.forbidden': ({ unit }) => `你无权查看「${unit}」的考勤。`,
  'attendance.none_opened': ({ unit }) => `「${unit}」还没有开始签到的会议。可发送「考勤 <编号>」查看指定会议。`,

  'makeup.not_started': ({ id }) => `会议 #${id} 还没开始，签到开始后请直接发送「签到」。`,
  'makeup.window_open': ({ id }) => `会议 #${id} 正在签到，请直接发送：签到 ${id}`,
  'makeup.too_late': ({ id, days, deadline, zone }) =>
    `补签须在会后 ${days} 天内申请，会议 #${id} 已超过期限（${at(deadline, zone)}）。`,
  'makeup.checked_in': ({ id }) => `你已在会议 #${id} 的签到名单中，无需补签。`,
  'makeup.duplicate': ({ id, requestId, status }) =>
    `你已提交过会议 #${id} 的补签申请（申请号 ${requestId}，${statusName(status)}）。`,
  'makeup.not_found': ({ id }) => `没有申请号为 ${id} 的补签申请。`,
  'makeup.own_request': () => '不能审批自己的补签申请，请由其他书记、委员或管理员处理。',
  'makeup.decided': ({ id, status }) => `补签申请 ${id} ${statusName(status)}，不能重复处理。`,

  'proxy.self': ({ id }) =>
    `不能为自己代签。请发送「签到 ${id}」，签到结束后可「补签 ${id} 原因」由其他书记、委员批准。`,
  'proxy.too_late': ({ id, days, deadline, zone }) =>
    `代签和补签一样须在会后 ${days} 天内，会议 #${id} 已超过期限（${at(deadline, zone)}）。`,
};

/** One meeting of 【会议取消】: "第一支部 #1 党课 12月2日(周三) 15:00 已取消，原因：…。". */
function cancelledLine({ unit, meeting, zone, reason, seriesStopped }: CancelledItem): string {
  return (
    `${unit} ${meetingLabel(meeting, zone)} 已取消` +
    (reason ? `，原因：${reason}` : '') +
    (seriesStopped ? '。此后的每月例会也不再安排。' : '。')
  );
}

/** What the bound chats are told when meetings are cancelled (one message per burst) or moved. */
export const meetingNoticeTexts: MeetingNoticeTexts = {
  cancelled: (items) =>
    items.length === 1
      ? `【会议取消】${cancelledLine(items[0]!)}`
      : [`【会议取消】以下 ${items.length} 场会议已取消：`, ...items.map((i) => `· ${cancelledLine(i)}`)].join('\n'),
  moved: ({ unit, meeting, zone, startsAt, place }) =>
    `【会议改期】${unit} ${meetingLabel(meeting, zone)} 改到 ${at(startsAt, zone)}${place ? `，地点：${place}` : ''}。`,
};

/** The direct message telling a member how their 补签 was decided. */
export function makeupDecisionText(p: {
  meeting: MeetingRef;
  zone: string;
  requestId: number;
  approve: boolean;
  note: string | null;
}): string {
  const verdict = p.approve ? '已批准，记为实到（补签）' : `被驳回${p.note ? `，原因：${p.note}` : ''}`;
  return `你对 ${meetingLabel(p.meeting, p.zone)} 的补签申请（申请号 ${p.requestId}）${verdict}。`;
}

/** "会议记录未完成：#1 党员大会「学习党章」12月1日(周二) 15:00 缺纪要；…" or nothing (本季度, the digest). */
export function unfinishedRecordsLine(list: readonly UnfinishedRecord[], zone: string): string[] {
  if (list.length === 0) return [];
  const what = (r: UnfinishedRecord) => (r.missing === 'minutes' ? '缺纪要' : '纪要待主持人确认');
  const items = list.map((r) => `${meetingLabel(r.meeting, zone)} ${what(r)}`);
  return [
    `会议记录未完成 ${list.length} 场：${items.join('；')}（记录人发送「纪要 <编号>」，主持人发送「确认纪要 <编号>」）`,
  ];
}

/** 考勤 in a group when someone gave a reason (the reasons went to the officer by direct message). */
export const ROLL_REASONS_SENT = '各人的原因已私信发给你。';
