import { formatTime } from '../../src/contracts/time.js';
import type { ErrorTexts } from '../../src/command/define.js';
import type { NoticeErrors } from '../../src/services/notices/errors.js';
import type { NoticeTexts } from '../../src/services/notices/texts.js';
import type { OverdueNotice } from '../../src/services/reminders/texts.js';

// Every word of the notices feature that people read outside the replies of its commands: the
// refusals of its services and the messages it sends to the chats.

/** The usage line of 通知, also shown when the content is missing. */
export const NOTICE_USAGE = '通知 <内容> [到 <组织,...>] [于 <时间>] [截止 <时间>]';

export const noticeErrorTexts: ErrorTexts<NoticeErrors> = {
  'notice.draft_out_of_scope': ({ unitName }) => `你只能向本组织及下级组织发通知，「${unitName}」不在其中。`,
  'notice.time_passed': () => '发送时间已过，请写一个将来的时间。',
  'notice.deadline_before_send': ({ deadlineAt, sendAt, timeZone }) =>
    `截止时间（${formatTime(new Date(deadlineAt), timeZone)}）不晚于发送时间（${formatTime(new Date(sendAt), timeZone)}），` +
    '请写一个更晚的截止时间。',
  'notice.draft_deadline_passed': ({ id }) => `草稿 #${id} 的截止时间已过，请重新发送「通知」。`,
  'notice.no_draft': () => '没有待发送的通知草稿，请先发送：通知 <内容>',
  'notice.draft_expired': ({ id, ttlHours }) => `草稿 #${id} 已超过 ${ttlHours} 小时，请重新发送「通知」。`,
  'notice.draft_time_passed': ({ id }) => `草稿 #${id} 的发送时间已过，请重新发送「通知」。`,
  'notice.send_out_of_scope': ({ unitName }) => `你无权向「${unitName}」发通知。`,
  'notice.no_bound_chats': () => '目标组织还没有绑定群，通知无处可发。请先在群里发送「绑定 <组织>」。',
  'notice.none_published': () => '还没有已发布的通知。',
  'notice.not_sent': ({ id }) => `找不到已发送的通知 #${id}。`,
  'notice.not_yet_published': ({ id }) => `通知 #${id} 尚未到发布时间。`,
  'notice.no_receipt_access': ({ id }) => `你无权查看通知 #${id} 的回执。`,
  'notice.chase_too_soon': ({ id, until, timeZone }) =>
    `通知 #${id} 一小时内已催办过，${formatTime(new Date(until), timeZone)} 后可再次催办。`,
  'notice.phone_unavailable': ({ id }) => `通知 #${id} 所在平台不支持电话催办，这里无法电话提醒。`,
  'notice.withdrawn': ({ id }) => `通知 #${id} 已撤回，无需确认或催办。`,
  'notice.withdraw_denied': ({ id, unitName }) => `只有发送人或「${unitName}」的书记、委员可以撤回通知 #${id}。`,
  'notice.no_unit': () => '你还没有所属组织。',
  'notice.not_published': ({ id }) => `找不到已发布的通知 #${id}。`,
  'notice.not_addressed': ({ id }) => `通知 #${id} 不是发给你所在组织的。`,
};

/** How much of a notice's body a direct 催办 repeats. */
const DIRECT_BODY_CHARS = 200;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A notice's title as it follows its number: 通知 #3「关于开展主题党日活动」. */
export const quotedTitle = (title: string | null): string => (title ? `「${title}」` : '');

/** What 收到 (the command or a card's button) answers. */
/**
 * Other whole messages that mean 收到 (with the filler src/command/phrasing.ts allows around
 * them: 「好的，收到」「收到了」「收到收到」「已阅。」).
 */
export const ACK_SAYINGS = ['已阅', '已读', '收悉', '已收悉', '知悉', '已知悉'] as const;
/** 「收到请回复1」: 「1」 confirms only in a group with a notice open that the sender has not confirmed. */
export const ACK_TENTATIVE = ['1'] as const;

export const ackTexts = {
  joinFirst: '你还没有加入组织，请先发送：加入 <邀请码> <姓名>',
  nothingToConfirm: '目前没有需要你确认的通知。',
  already: (name: string, id: number, at: Date, tz: string) => `${name} 已于 ${formatTime(at, tz)} 确认过通知 #${id}。`,
  confirmed: (name: string, id: number, position: number) => `${name} 已确认通知 #${id}（第 ${position} 位）。`,
};

export const noticeTexts: NoticeTexts = {
  notice: ({ id, body, issuingUnitName, senderName, deadline }) =>
    `【通知 #${id}】\n${body}\n—— ${issuingUnitName} ${senderName}\n` +
    (deadline ? `截止：${formatTime(new Date(deadline.at), deadline.timeZone)}\n` : '') +
    `请回复「收到 ${id}」确认。`,
  chase: ({ id, title, pending, mentioned, named, due }) => {
    const head = due
      ? `【截止提醒】通知 #${id}${quotedTitle(title) || ' '}将于 ${formatTime(new Date(due.at), due.timeZone)} 截止，` +
        `还有 ${pending} 人未确认，请尽快回复「收到 ${id}」。`
      : `【催办】通知 #${id}${quotedTitle(title) || ' '}还有 ${pending} 人未确认，请尽快回复「收到 ${id}」。`;
    const lines = [head];
    if (named.length) lines.push(`${mentioned ? '另有' : ''}未确认：${named.join('、')}`);
    return lines.join('\n');
  },
  chaseMore: ({ id, part, named }) => `【催办】通知 #${id} 未确认（续 ${part}）：${named.join('、')}`,
  withdrawn: ({ id, title }) => `【通知 #${id}${quotedTitle(title)}已撤回】请忽略此前的通知。`,
  chaseDirect: ({ id, title, unitName, body }) =>
    `【催办】${unitName}的通知 #${id}${quotedTitle(title)}你还没有确认：\n${clip(body, DIRECT_BODY_CHARS)}\n请回复「收到 ${id}」确认。`,
};

/** The weekly digest's lines for notices past their deadline that some have not confirmed. */
export function overdueNoticesLines(list: readonly OverdueNotice[], timeZone: string): string[] {
  if (list.length === 0) return [];
  return [
    '已逾期仍有人未确认的通知：',
    ...list.map(
      (n) =>
        `· 通知 #${n.id}${quotedTitle(n.title)}截止 ${formatTime(new Date(n.deadlineAt), timeZone)}，` +
        `已确认 ${n.confirmed}/${n.expected}（发送「未读 ${n.id}」查看、「催办 ${n.id}」提醒）`,
    ),
  ];
}
