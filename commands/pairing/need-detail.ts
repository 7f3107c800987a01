import { formatTime } from '../../src/contracts/time.js';
import { erasureOf } from '../../src/services/pairing/erase.js';
import { householdState, type NeedRow } from '../../src/services/pairing/needs.js';
import { erasureText } from './household-texts.js';
import { householdStateText, needSummary } from './texts.js';

// 需求 <编号>: one need as an officer checks it — state, volunteer, consent, and whether the
// household's data is stored or was erased (when and why); never the data itself.

function consentLine(need: NeedRow, timeZone: string): string {
  const at = need.consentAt ? `（${formatTime(new Date(need.consentAt), timeZone)}）` : '';
  if (need.consent === null) return '住户同意：还没有询问';
  return `住户同意：${need.consent ? '同意' : '不同意或已撤回'}${at}`;
}

export function needDetailText(need: NeedRow, volunteerName: string | null, timeZone: string): string {
  const erasure = erasureOf(need);
  const state = householdState(need);
  const household = erasure
    ? erasureText(erasure, timeZone)
    : state === 'recorded'
      ? `${householdStateText(state)}（加密保存，私聊「住户 ${need.id}」查看；结案后自动删除）`
      : householdStateText(state);
  return [
    `需求 ${needSummary(need)}`,
    `登记于 ${formatTime(new Date(need.createdAt), timeZone)}；志愿者：${volunteerName ?? '—'}`,
    consentLine(need, timeZone),
    household,
  ].join('\n');
}
