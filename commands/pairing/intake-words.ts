import type { HouseholdField } from '../../src/services/pairing/privacy.js';

// The words an officer answers the household intake with: yes or no to consent, 确认 or 重填 at the
// end, and the short replies that answer a question but are never a name, phone or address.

const YES_WORDS = [
  '同意',
  '同意的',
  '是',
  '是的',
  '愿意',
  '愿意的',
  '好',
  '好的',
  '好吧',
  '可以',
  '可以的',
  '对',
  '对的',
  '行',
  '行的',
  '嗯',
  '嗯嗯',
  '没问题',
  '当然',
  'yes',
  'y',
  'ok',
  'okay',
];
const NO_WORDS = [
  '不同意',
  '否',
  '不',
  '不是',
  '不愿意',
  '拒绝',
  '不行',
  '不可以',
  '不要',
  '不用',
  '不肯',
  '不想',
  '算了',
  '没同意',
  'no',
  'n',
];
const CONFIRM_WORDS = [
  '确认',
  '确定',
  '确认无误',
  '无误',
  '没错',
  '正确',
  '对',
  '对的',
  '是',
  '是的',
  '好',
  '好的',
  'ok',
];
/** Replies that say nothing about the household (and must not be stored as its name or address). */
const NON_ANSWERS = ['不知道', '不清楚', '没有', '无', '暂无', '略', '待定', '稍后', '等下', '空', '确认', '重填'];

const YES: ReadonlySet<string> = new Set(YES_WORDS);
const NO: ReadonlySet<string> = new Set(NO_WORDS);
const CONFIRM: ReadonlySet<string> = new Set(CONFIRM_WORDS);
const NON_ANSWER: ReadonlySet<string> = new Set([...YES_WORDS, ...NO_WORDS, ...CONFIRM_WORDS, ...NON_ANSWERS]);

const FIELD_WORDS: ReadonlyMap<string, HouseholdField> = new Map([
  ['姓名', 'name'],
  ['名字', 'name'],
  ['电话', 'phone'],
  ['手机', 'phone'],
  ['手机号', 'phone'],
  ['号码', 'phone'],
  ['电话号码', 'phone'],
  ['联系电话', 'phone'],
  ['住址', 'address'],
  ['地址', 'address'],
  ['门牌', 'address'],
  ['门牌号', 'address'],
]);

/** The answer as a word: quotes, spaces and closing punctuation dropped, lower-cased. */
function asWord(text: string): string {
  return text
    .replace(/["'「」『』]/g, '')
    .replace(/[\s。.,，!！~～、]+$/u, '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

/** A consent answer: true, false, or null when it is neither (then the question is asked again). */
export function parseConsent(text: string): boolean | null {
  const w = asWord(text);
  if (YES.has(w)) return true;
  if (NO.has(w)) return false;
  return null;
}

/** What an officer answers to the confirmation: 确认, or 重填 with the field to enter again (none: all). */
export type ConfirmAnswer = { kind: 'confirm' } | { kind: 'redo'; field?: HouseholdField };

export function parseConfirm(text: string): ConfirmAnswer | null {
  const w = asWord(text);
  if (CONFIRM.has(w)) return { kind: 'confirm' };
  const redo = /^(?:重填|重新填写|重新填|修改|改|更正)(.*)$/.exec(w);
  if (!redo) return null;
  if (!redo[1]) return { kind: 'redo' };
  const field = FIELD_WORDS.get(redo[1]);
  return field ? { kind: 'redo', field } : null;
}

/** Whether an answer is a yes, a no, a 确认 or an "I don't know": never a name, phone or address. */
export function isAnswerWord(text: string): boolean {
  return NON_ANSWER.has(asWord(text)) || parseConfirm(text) !== null;
}
