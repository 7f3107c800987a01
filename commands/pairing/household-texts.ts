import type { HouseholdStep } from '../../src/services/pairing/household.js';
import { HOUSEHOLD_FIELDS, mask, type Household } from '../../src/services/pairing/privacy.js';
import { FIELD_LABEL } from './texts.js';

// The words of the private exchange that collects a household's data, and of its contact card.

const PROMPTS: ReadonlyMap<HouseholdStep, string> = new Map([
  [
    'consent',
    '第1步（共4步）：住户是否同意把姓名、电话、住址提供给社区和结对志愿者，用于上门服务？请回复「同意」或「不同意」。',
  ],
  ['name', '第2步（共4步）：请回复住户姓名。'],
  ['phone', '第3步（共4步）：请回复住户联系电话（手机或带区号的座机）。'],
  ['address', '第4步（共4步）：请回复住址（小区、楼栋、单元、门牌号）。'],
]);

const redo = (id: number) => `「登记住户 ${id} 重填」`;

/** The question for a step, naming the need. */
export function promptFor(needId: number, step: HouseholdStep): string {
  if (step === 'done') return `需求 #${needId} 的住户信息已登记完整。需要更正请发送${redo(needId)}。`;
  if (step === 'declined') return `需求 #${needId} 的住户未同意提供个人信息。若住户改变主意，请发送${redo(needId)}。`;
  return `【需求 #${needId} 住户信息】${PROMPTS.get(step)}`;
}

export const PRIVACY_FOOTER =
  '（只在私聊中登记；加密保存，只有本组织书记、委员和接单志愿者能在私聊中查看，每次查看都会记录。回复「取消」可暂停。）';

/** "姓名 王*英，电话 138****5678，住址 阳光小区…": what the officer sees after entering it. */
export function maskedSummary(h: Household): string {
  return HOUSEHOLD_FIELDS.filter((f) => h[f])
    .map((f) => `${FIELD_LABEL[f]} ${mask(f, h[f]!)}`)
    .join('，');
}

/** The full contact card, for a direct message to someone allowed to see it. */
export function householdCardText(needId: number, h: Household): string {
  return [
    `【需求 #${needId} 住户信息 · 仅限你本人查看，请勿转发】`,
    `姓名：${h.name ?? '（未登记）'}`,
    `电话：${h.phone ?? '（未登记）'}`,
    `住址：${h.address ?? '（未登记）'}`,
    '本次查看已记录。服务记录里请不要写住户的姓名、电话和住址。',
  ].join('\n');
}

export const HOUSEHOLD_TEXT = {
  /** After the "no data key" refusal, when a need was registered anyway. */
  keyMissing: (refusal: string, id: number) =>
    `${refusal}\n需求 #${id} 已登记；配置密钥后私聊发送「登记住户 ${id}」继续。`,
  declinedCard: (id: number) => `需求 #${id} 的住户未同意提供联系方式，请联系书记安排上门。`,
  emptyCard: (id: number) => `需求 #${id} 的住户信息还没有登记，登记后我会私聊通知你。`,
  ended: (id: number) => `需求 #${id} 的住户信息登记已结束（需求已结案，或你已无权管理）。`,
  declined: (id: number) =>
    `已记录：住户不同意提供个人信息，未保存任何联系方式。需求 #${id} 仍可派单，由社区联系住户。`,
  next: (id: number, step: HouseholdStep) => `已记录。\n${promptFor(id, step)}`,
  saved: (id: number, summary: string) => `已加密保存需求 #${id} 的住户信息：${summary}。\n需要更正请发送${redo(id)}。`,
  readyMessage: (id: number) => `需求 #${id} 的住户信息已登记，请私聊发送「住户 ${id}」查看。`,
  paused: (id: number) => `已暂停需求 #${id} 的住户信息登记，已填写的部分已加密保存。发送「登记住户 ${id}」可继续。`,
};
