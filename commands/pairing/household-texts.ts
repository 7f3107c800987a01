import { formatTime } from '../../src/contracts/time.js';
import type { AnswerProblem } from '../../src/services/pairing/errors.js';
import type { Erasure, ErasureCause } from '../../src/services/pairing/erase.js';
import {
  MAX_ADDRESS_CHARS,
  MAX_HOUSEHOLD_NAME_CHARS,
  MIN_ADDRESS_CHARS,
  type AnswerDoubt,
  type HouseholdStep,
} from '../../src/services/pairing/household.js';
import type { Household, HouseholdField } from '../../src/services/pairing/privacy.js';

// The words of the private intake of a household's data, of its contact card, and of its erasure.

export const FIELD_LABEL: Readonly<Record<HouseholdField, string>> = { name: '姓名', phone: '电话', address: '住址' };

const PROMPTS: ReadonlyMap<HouseholdStep, string> = new Map([
  [
    'consent',
    '第1步（共 4 步）：住户是否同意把姓名、电话、住址提供给社区和结对志愿者，用于上门服务？请回复「同意」或「不同意」。',
  ],
  ['name', '第2步（共 4 步）：请回复住户姓名。'],
  ['phone', '第3步（共 4 步）：请回复住户联系电话（手机或带区号的座机）。'],
  ['address', '第4步（共 4 步）：请回复住址（小区、楼栋、单元、门牌号）。'],
]);

const redo = (id: number) => `「登记住户 ${id} 重填」`;

/** The question of a step (or why there is none: the data is complete, or the household said no). */
export function promptFor(needId: number, step: Exclude<HouseholdStep, 'confirm'> | 'done' | 'declined'): string {
  if (step === 'done') return `需求 #${needId} 的住户信息已登记完整。需要更正请发送${redo(needId)}。`;
  if (step === 'declined') return `需求 #${needId} 的住户未同意提供个人信息。若住户改变主意，请发送${redo(needId)}。`;
  return `【需求 #${needId} 住户信息】${PROMPTS.get(step)}`;
}

export const PRIVACY_FOOTER =
  '（只在私聊中登记；确认后加密保存，只有本组织书记、委员和接单志愿者能在私聊中查看，每次查看都会记录；' +
  '结案后自动删除。回复「取消」可放弃。）';

/** The full values, once, for the officer to check before anything is stored (a sensitive reply). */
export function confirmText(needId: number, h: Household): string {
  return [
    `【需求 #${needId} 住户信息 · 请核对】`,
    '住户同意：是',
    `姓名：${h.name ?? ''}`,
    `电话：${h.phone ?? ''}`,
    `住址：${h.address ?? ''}`,
    '无误请回复「确认」后保存；要改哪项请回复「重填 姓名」「重填 电话」或「重填 住址」，「重填」全部重来，「取消」放弃不保存。',
  ].join('\n');
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

const CAUSE_TEXT: Readonly<Record<ErasureCause, string>> = {
  closed: '结案后自动删除',
  released: '解除结对后未按期重新派单，自动删除',
  officer: '由书记或委员删除',
  withdrawn: '住户撤回同意后删除',
};

/** The same, as short as a list line allows. */
export const ERASURE_CAUSE_SHORT: Readonly<Record<ErasureCause, string>> = {
  closed: '结案后',
  released: '解除后到期',
  officer: '书记或委员删除',
  withdrawn: '住户撤回同意',
};

/** "住户的姓名、电话、住址已于 12月5日(周六) 10:00 删除（结案后自动删除）" — what and when, not the data. */
export function erasureText(e: Erasure, timeZone: string): string {
  return `住户的姓名、电话、住址已于 ${formatTime(new Date(e.at), timeZone)} 删除（${CAUSE_TEXT[e.cause]}）`;
}

const DOUBT_TEXT: Readonly<Record<AnswerDoubt, { what: string; field: HouseholdField }>> = {
  place_in_name: { what: '像是地址，不像姓名', field: 'name' },
  no_place: { what: '没有小区、楼栋、村组或门牌号，不像住址（可能是姓名？）', field: 'address' },
};

const PROBLEM_TEXT: Readonly<Record<AnswerProblem, (field: HouseholdField) => string>> = {
  empty: (f) => `请回复住户${FIELD_LABEL[f]}。`,
  too_short: () => `住址太短，应为 ${MIN_ADDRESS_CHARS}-${MAX_ADDRESS_CHARS} 个字（小区、楼栋、单元、门牌号）。`,
  too_long: (f) =>
    f === 'name'
      ? `姓名最多 ${MAX_HOUSEHOLD_NAME_CHARS} 个字，请只回复住户姓名。`
      : `住址最多 ${MAX_ADDRESS_CHARS} 个字，请写到门牌号即可。`,
  digits_in_name: () => '姓名里有数字（像是电话或门牌号），请只回复住户姓名。',
  no_digits: () => '电话里没有数字（像是对别的问题的回答），请回复住户的手机号或带区号的座机号。',
  bad_phone: () => '电话格式不对：请输入 11 位手机号，或带区号的座机号（如 0538-1234567）。',
  phone_as_address: () => '这像是电话号码，不是住址。请回复住址（小区、楼栋、单元、门牌号）。',
};

/** Why an intake answer was refused; it never repeats what was typed (that may be personal data). */
export function answerProblemText(field: HouseholdField, problem: AnswerProblem): string {
  return `${PROBLEM_TEXT[problem](field)}（「取消」放弃登记）`;
}

export const HOUSEHOLD_TEXT = {
  /** After the "no data key" refusal, when a need was registered anyway. */
  keyMissing: (refusal: string, id: number) =>
    `${refusal}\n需求 #${id} 已登记；配置密钥后私聊发送「登记住户 ${id}」继续。`,
  declinedCard: (id: number) => `需求 #${id} 的住户未同意提供联系方式，请联系书记安排上门。`,
  emptyCard: (id: number) => `需求 #${id} 的住户信息还没有登记，登记后我会私聊通知你。`,
  erasedCard: (id: number, erasure: string) => `需求 #${id}：${erasure}，已无法查看。`,
  ended: (id: number) => `需求 #${id} 的住户信息登记已结束（需求已结案，或你已无权管理）。`,
  declined: (id: number, erased: boolean) =>
    `已记录：住户不同意提供个人信息，未保存任何联系方式${erased ? '（之前登记的姓名、电话、住址已删除）' : ''}。` +
    `需求 #${id} 仍可派单，由社区联系住户。`,
  consentRecorded: (id: number, next: string) => `已记录：住户同意提供姓名、电话、住址（需求 #${id}）。\n${next}`,
  /** "已记下姓名：王秀英。" — the value as it will be stored (a sensitive reply). */
  recorded: (field: HouseholdField, value: string) => `已记下${FIELD_LABEL[field]}：${value}。\n`,
  doubt: (doubt: AnswerDoubt) => {
    const { what, field } = DOUBT_TEXT[doubt];
    return `这条回复${what}。请重新回复住户${FIELD_LABEL[field]}；如果没有写错，请把同样的内容再发一次。`;
  },
  answerWord: (field: HouseholdField) =>
    `这像是对别的问题的回答，不是住户的${FIELD_LABEL[field]}。请回复住户${FIELD_LABEL[field]}（「取消」放弃登记）。`,
  confirmAgain: () => '请回复「确认」保存，或「重填 姓名」「重填 电话」「重填 住址」修改，「取消」放弃不保存。',
  saved: (id: number, replaced: boolean) =>
    `已加密保存需求 #${id} 的住户信息（姓名、电话、住址${replaced ? '，替换了之前登记的' : ''}）。` +
    `需要更正请发送${redo(id)}；结案后自动删除。`,
  readyMessage: (id: number) => `需求 #${id} 的住户信息已登记，请私聊发送「住户 ${id}」查看。`,
  discarded: (id: number) =>
    `已放弃需求 #${id} 这次的住户信息登记，未确认的内容没有保存。发送「登记住户 ${id}」重新开始。`,
  /** Starting an intake replaces the one the officer had open for another need. */
  dropped: (id: number) => `（需求 #${id} 未确认的住户信息登记已放弃。）\n`,
};

export const ERASE_TEXT = {
  erased: (id: number, fields: boolean) =>
    fields
      ? `已删除需求 #${id} 的住户姓名、电话、住址；需求和服务记录保留，删除已记入审计日志。`
      : `已删除需求 #${id} 正在登记、尚未确认的住户信息（需求上没有保存住户信息）；删除已记入审计日志。`,
  withdrawn: (id: number, erased: boolean) =>
    `已记录需求 #${id} 的住户撤回同意${erased ? '，住户姓名、电话、住址已删除' : ''}；` +
    `今后不再登记，除非住户重新同意（${redo(id)}）。`,
  volunteerMessage: (id: number) =>
    `需求 #${id} 的住户信息已按要求删除，请删除你保存的住户姓名、电话和住址（聊天记录、通讯录）。`,
};
