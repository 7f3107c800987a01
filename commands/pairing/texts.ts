import type { ErrorTexts } from '../../src/command/define.js';
import type { Db } from '../../src/contracts/store.js';
import type { PairingErrors } from '../../src/services/pairing/errors.js';
import type { Actor, NeedEvent, NeedStatus, TransitionRefusal } from '../../src/services/pairing/lifecycle.js';
import { householdState, type HouseholdState, type NeedRow } from '../../src/services/pairing/needs.js';
import { erasureOf } from '../../src/services/pairing/erase.js';
import { zonedParts } from '../../src/contracts/time.js';
import type { NoteField, PersonalDataKind } from '../../src/services/pairing/privacy.js';
import type { Urgency } from '../../src/services/pairing/skills.js';
import { CONFIRM_ABOVE_HOURS } from '../../src/services/pairing/service-log.js';
import { pairingMe } from '../../src/services/pairing/stats.js';
import type { NeedTitleFields, PairingAlertTexts } from '../../src/services/pairing/texts.js';
import { answerProblemText, ERASURE_CAUSE_SHORT, FIELD_LABEL } from './household-texts.js';
import { formatTimeMask } from './time-words.js';
import { fitSummary, SMALLEST_MAX_TEXT_CHARS } from '../shared/long.js';

// The words of the pairing feature that its services' outcomes are read in: labels, need titles,
// every error code, the scheduler's alerts and the 我的 line. Replies of single commands are in
// replies.ts and household-texts.ts.

export const STATUS_LABEL: Readonly<Record<NeedStatus, string>> = {
  open: '待派单',
  assigned: '已派单待接单',
  accepted: '已接单',
  in_service: '服务中',
  rated: '已评价',
  closed: '已结案',
};

export const EVENT_LABEL: Readonly<Record<NeedEvent, string>> = {
  assign: '派单',
  accept: '接单',
  log: '服务',
  rate: '评价',
  close: '结案',
  release: '解除',
};

const ACTOR_LABEL: Readonly<Record<Actor, string>> = { officer: '书记或委员', volunteer: '接单的志愿者' };

export const URGENCY_LABEL: Readonly<Record<Urgency, string>> = { normal: '一般', urgent: '紧急', critical: '特急' };

const PERSONAL_DATA_TEXT: Readonly<Record<PersonalDataKind, string>> = {
  id_number: '像是身份证号',
  phone: '像是电话号码',
  long_digits: '含有一长串数字（像是电话或证件号）',
  room: '像是具体门牌号（楼栋以下的单元、楼层、房间号）',
  household_name: `写了住户的${FIELD_LABEL.name}`,
  household_phone: `写了住户的${FIELD_LABEL.phone}`,
  household_address: `写了住户的${FIELD_LABEL.address}`,
};

/** Why a piece of text was taken for personal data ("像是电话号码"). */
export function personalDataText(kind: PersonalDataKind): string {
  return PERSONAL_DATA_TEXT[kind];
}

const NOTE_FIELD_TEXT: Readonly<Record<NoteField, string>> = {
  description: '描述里',
  reason: '原因里',
  comment: '意见里',
  service_content: '服务内容',
};

/** "#12 助老 · 阳光小区 · 紧急 · 待派单" — never personal data, safe for a group chat. */
export function needTitle(need: NeedTitleFields, withStatus = true): string {
  const parts = [`#${need.id} ${need.type}`];
  if (need.area) parts.push(need.area);
  if (need.urgency !== 'normal') parts.push(URGENCY_LABEL[need.urgency]);
  if (withStatus) parts.push(STATUS_LABEL[need.status]);
  return parts.join(' · ');
}

/** Title, description and needed time, on two lines. */
export function needSummary(need: NeedTitleFields & Pick<NeedRow, 'description' | 'timeMask'>): string {
  const time = need.timeMask ? `（时间：${formatTimeMask(need.timeMask)}）` : '';
  return `${needTitle(need)}\n${need.description}${time}`;
}

const HOUSEHOLD_STATE_TEXT: Readonly<Record<HouseholdState, string>> = {
  declined: '住户未同意提供联系方式',
  recorded: '住户信息已登记',
  pending: '住户信息待登记',
  erased: '住户信息已删除',
};

export function householdStateText(state: HouseholdState): string {
  return HOUSEHOLD_STATE_TEXT[state];
}

/** A need's household in a list: its state, and for an erased one when and why ("住户信息已删除（12月5日，结案后）"). */
export function householdLine(need: NeedRow, timeZone: string): string {
  const erasure = erasureOf(need);
  if (!erasure) return householdStateText(householdState(need));
  const p = zonedParts(new Date(erasure.at), timeZone);
  return `${householdStateText('erased')}（${p.month}月${p.day}日，${ERASURE_CAUSE_SHORT[erasure.cause]}）`;
}

/** "1.5 小时" */
export function formatHours(h: number): string {
  return `${Number(h.toFixed(2))} 小时`;
}

/** Why a step is refused: who may take it, or the current state and what is possible instead. */
export function transitionRefusalText(r: TransitionRefusal): string {
  const event = EVENT_LABEL[r.event];
  if (r.reason === 'actor') return `「${event}」只能由${r.by.map((a) => ACTOR_LABEL[a]).join('或')}操作。`;
  const next = r.next.map((e) => `「${EVENT_LABEL[e]}」`).join('、');
  const hint = r.hint === 'next' ? `现在可以${next}。` : r.hint === 'closed' ? '已结案的需求不能再操作。' : '';
  return `当前状态是「${STATUS_LABEL[r.from]}」，不能${event}。${hint}`;
}

const ONLY_PRIVATELY = '住户的姓名、电话、住址只在私聊中登记，加密保存。';
const AREA_HINT = '写到网格、小区或楼栋即可';

export const pairingErrorTexts: ErrorTexts<PairingErrors> = {
  'pairing.need_not_found': ({ id }) => `找不到需求 #${id}。发送「需求列表」查看。`,
  'pairing.not_officer': ({ id }) => `需求 #${id} 不在你管理的组织内。`,
  'pairing.not_yours': ({ id }) => `需求 #${id} 不是派给你的，也不在你管理的组织内。`,
  'pairing.transition_refused': ({ id, refusal }) => `需求 #${id}：${transitionRefusalText(refusal)}`,
  'pairing.need_closed': ({ id }) => `需求 #${id} 已结案。`,
  'pairing.no_unit': () => '请在已绑定组织的群里使用，或先加入一个组织。',
  'pairing.register_forbidden': ({ unitName }) => `你无权为「${unitName ?? '该组织'}」登记需求。`,
  'pairing.report_forbidden': ({ unitName }) => `你无权查看「${unitName ?? '该组织'}」的结对需求。`,
  'pairing.not_member': () => '请先用邀请码加入组织：加入 <邀请码> <姓名>',
  'pairing.not_in_pool': ({ name }) => `${name} 不在本组织体系内，不能派单。`,
  'pairing.not_volunteer': ({ name }) => `${name} 还没有登记志愿者，请对方先发送：志愿者 <专长> [片区] [空闲时间]`,
  'pairing.not_assigned': ({ id }) => `需求 #${id} 还没有派单，不能记录服务。`,
  'pairing.daily_hours': ({ max, logged, hours }) =>
    `每位志愿者每天最多记录 ${max} 小时服务：今天已记录 ${formatHours(logged)}，` +
    `再记 ${formatHours(hours)} 就超过了。请核对时长。`,
  'pairing.service_not_found': ({ id }) => `没有编号为 ${id} 的服务记录。`,
  'pairing.service_own': ({ id }) => `服务记录 #${id} 是你本人的服务，请由其他书记、委员或管理员确认。`,
  'pairing.service_not_pending': ({ id }) =>
    `服务记录 #${id} 不需要确认（不超过 ${CONFIRM_ABOVE_HOURS} 小时，或已确认）。`,
  'pairing.household_forbidden': ({ id }) =>
    `你无权查看需求 #${id} 的住户信息：只有接单的志愿者、需求所属组织的书记和委员、管理员可以查看。`,
  'pairing.accept_first': ({ id }) => `请先发送「接单 ${id}」，接单后可以查看住户信息。`,
  'pairing.no_data_key': () =>
    '未配置数据加密密钥（PIONEER_DATA_KEY），不能保存住户的个人信息（不会以明文保存）。请管理员配置后再登记。',
  'pairing.household_unreadable': ({ id, field }) =>
    `需求 #${id} 的住户${FIELD_LABEL[field]}无法解密（数据密钥可能已更换），请联系管理员。`,
  'pairing.personal_data': ({ field, kind }) =>
    `${NOTE_FIELD_TEXT[field]}${personalDataText(kind)}。为保护住户隐私，这里不能写个人信息；${ONLY_PRIVATELY}`,
  'pairing.no_skills': () => '请写至少一项专长，例如：护理,买菜',
  'pairing.skills_personal_data': ({ kind }) => `专长里${personalDataText(kind)}，请只写专长。`,
  'pairing.area_too_long': ({ max }) => `片区最多 ${max} 个字（${AREA_HINT}）。`,
  'pairing.area_personal_data': ({ area, kind }) =>
    `片区「${area.slice(0, 10)}…」${personalDataText(kind)}。片区${AREA_HINT}，不要写门牌号或电话。`,
  'pairing.household_answer': ({ field, problem }) => answerProblemText(field, problem),
  'pairing.household_none': ({ id }) =>
    `需求 #${id} 没有保存住户信息（可能已删除、住户未同意或还没有登记），无需删除。发送「需求 ${id}」查看。`,
};

/** The scheduler's pairing alerts to the officers (src/services/pairing/alerts.ts). */
export const pairingAlertTexts: PairingAlertTexts = {
  unvisited: ({ need, volunteerName, days, visited }) => {
    const what = visited ? `已 ${days} 天没有服务记录` : `派单后 ${days} 天还没有服务记录`;
    return (
      `【结对提醒】需求 ${needTitle(need)}（志愿者：${volunteerName ?? '未知'}）${what}。` +
      `请联系志愿者了解情况；需要换人请发送「解除 ${need.id}」后重新派单。`
    );
  },
  unassigned: ({ need, days }) =>
    `【结对提醒】需求 ${needTitle(need)} 已等待 ${days} 天，还没有派单。发送「结对 ${need.id}」查看推荐的志愿者。`,
  summary: ({ unvisited, unassigned }) => {
    const total = unvisited.length + unassigned.length;
    // The longest waits first: those matter most when the list is cut.
    const items = [
      ...[...unassigned]
        .sort((a, b) => b.days - a.days)
        .map(({ need, days }) => `· 需求 ${needTitle(need)} 已等待 ${days} 天，还没有派单`),
      ...[...unvisited]
        .sort((a, b) => b.days - a.days)
        .map(({ need, volunteerName, days, visited }) => {
          const what = visited ? `已 ${days} 天没有服务记录` : `派单后 ${days} 天还没有服务记录`;
          return `· 需求 ${needTitle(need)}（志愿者：${volunteerName ?? '未知'}）${what}`;
        }),
    ];
    const head = [
      `【结对提醒】${total} 个需求需要处理（待派单 ${unassigned.length} 个，久未服务 ${unvisited.length} 个）：`,
    ];
    const tail = ['发送「结对 编号」查看推荐的志愿者；需要换人请发送「解除 编号」后重新派单。'];
    const more = (left: number) => `……另有 ${left} 个，发送「需求列表」查看全部。`;
    return fitSummary(head, items, tail, more, SMALLEST_MAX_TEXT_CHARS);
  },
};

/** Lines for 我的 (commands/org): open pairings and volunteer hours, none for someone who never volunteered. */
export async function pairingMeLines(db: Db, memberId: string): Promise<string[]> {
  const me = await pairingMe(db, memberId);
  if (!me) return [];
  const skills = me.skills !== null ? `（专长：${me.skills}）` : '';
  return [`志愿服务：在办结对 ${me.openPairings} 个，累计服务 ${formatHours(me.hours)}${skills}`];
}
