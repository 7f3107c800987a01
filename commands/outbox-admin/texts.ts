import type { ErrorTexts } from '../../src/command/define.js';
import { formatTime } from '../../src/contracts/time.js';
import type { OutboxAdminErrors } from '../../src/services/outbox-admin/deliveries.js';
import type { HeldTexts } from '../../src/services/outbox-admin/held.js';

// Every word of 投递失败 and 重发 that people read, and of the held-rows notice.

/** How people call an outbox row by what caused it. */
export const KIND_LABEL: ReadonlyMap<string, string> = new Map([
  ['notice', '通知'],
  ['notice.chase', '催办'],
  ['reminder', '会议提醒'],
  ['meeting.cancel', '会议取消'],
  ['makeup.decision', '补签结果'],
  ['pairing.assign', '派单'],
  ['delivery.held', '发送上限提醒'],
]);

export const STATUS_LABEL = { pending: '待发送', sending: '发送中', sent: '已送达', dead: '投递失败' } as const;

export const outboxAdminErrorTexts: ErrorTexts<OutboxAdminErrors> = {
  'outbox.nothing_dead': () => '没有投递失败的消息。',
  'outbox.not_found': ({ id }) => `找不到投递失败的消息 #${id}。`,
  'outbox.not_dead': ({ id, status }) => `消息 #${id} 没有失败（状态：${STATUS_LABEL[status]}）。`,
};

/** The direct message officers get when a platform's daily cap holds their unit's messages. */
export const heldTexts: HeldTexts = {
  held: ({ platformLabel, resumeAt, timeZone }) =>
    `【发送提醒】${platformLabel}账号今天的发送量已到上限，本组织还没发出的通知和提醒将顺延到 ` +
    `${formatTime(new Date(resumeAt), timeZone)} 起发出。发送「投递失败」可查看顺延的消息。`,
};
