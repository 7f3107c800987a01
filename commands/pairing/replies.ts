import type { Suggestion } from '../../src/services/pairing/matching.js';
import type { NeedRow } from '../../src/services/pairing/needs.js';
import {
  CONFIRM_ABOVE_HOURS,
  MAX_DAILY_SERVICE_HOURS,
  MAX_SERVICE_HOURS,
  type LoggedService,
} from '../../src/services/pairing/service-log.js';
import { ACTIVE_VOLUNTEER_DAYS, type PairingStats } from '../../src/services/pairing/stats.js';
import { UNVISITED_ALERT_DAYS } from '../../src/services/pairing/alerts.js';
import type { NeedTitleFields } from '../../src/services/pairing/texts.js';
import type { VolunteerProfile } from '../../src/services/pairing/volunteers.js';
import { formatTimeMask } from './time-words.js';
import { formatHours, needSummary, needTitle, STATUS_LABEL } from './texts.js';

/** How much of a need's description 需求列表 shows. */
const DESCRIPTION_SHOWN = 30;

// The replies of the pairing commands, and their own refusals (what was typed could not be read).

export const PARSE_TEXT = {
  volunteerAreas: (words: readonly string[]) =>
    `片区只能写一个，「${words.join('」「')}」哪个是片区？空闲时间可写：周末、工作日晚上、周六上午。`,
  needAreas: (words: readonly string[]) => `片区只能写一个：「${words.join('」「')}」。描述里有空格时请用引号括起来。`,
  period: (text: string) =>
    `时间范围「${text.slice(0, 20)}」看不懂，可以写：本季度、上季度、第四季度、2026年第四季度、本月、上个月、12月、2026年11月、今年、全部。`,
  hours: (text: string) =>
    `时长「${text.slice(0, 10)}」看不懂，例如：1.5小时、90分钟、半小时（不超过 ${MAX_SERVICE_HOURS} 小时）。`,
  score: (text: string) => `评分「${text.slice(0, 30)}」不对：应为 1-5 分，例如 5、五星、★★★★★`,
  consent: () => '请回复「同意」或「不同意」（或「取消」暂停登记）。',
};

/** How a report names its scope: the unit, or every unit for an admin without one. */
export const scopeName = (name: string | null) => name ?? '全部组织';

/** The rule of 服务 (帮助 服务 shows it in the summary). */
export const SERVICE_RULE =
  `每人每天最多 ${MAX_DAILY_SERVICE_HOURS} 小时；单次超过 ${CONFIRM_ABOVE_HOURS} 小时，` +
  '须书记或委员「确认服务」后才计入';

export const REPLY = {
  volunteer: (name: string, p: VolunteerProfile, fits: readonly string[]) =>
    `已登记志愿者 ${name}：专长 ${p.skills.join('、')}` +
    `（${fits.length ? `适合：${fits.join('、')}` : '没有对上的需求类型'}），` +
    `片区 ${p.area || '未填'}，空闲 ${p.freeMask ? formatTimeMask(p.freeMask) : '未填'}。有派单时我会私聊通知你。`,
  needCreated: (need: NeedRow, inGroup: boolean) => {
    const privately = inGroup ? '住户的姓名、电话、住址请在私聊中登记，不要发在群里，我已私聊你。' : '';
    return `已登记需求 ${needSummary(need)}\n${privately}发送「结对 ${need.id}」查看推荐的志愿者。`;
  },
  noSuggestion: (need: NeedTitleFields) =>
    `需求 ${needTitle(need)} 暂无可推荐的志愿者。请党员、群众发送「志愿者 <专长> [片区] [空闲时间]」登记。`,
  suggestions: (need: NeedRow, list: readonly Suggestion[], unitName: (id: string | null) => string | undefined) => {
    const name = (s: Suggestion) => s.name ?? '（未知）';
    const lines = [`需求 ${needSummary(need)}\n推荐志愿者：`];
    list.forEach((s, i) => {
      lines.push(`${i + 1}. ${name(s)}（${unitName(s.unitId) ?? '无组织'}）— ${reasonsFor(need, s).join('；')}`);
    });
    lines.push(`派单：派单 ${need.id} @${name(list[0]!)}`);
    return lines.join('\n');
  },
  assignMessage: (officer: string, need: NeedRow) =>
    `【结对派单】${officer} 派给你一个结对需求：\n${needTitle(need, false)}\n${need.description}\n` +
    `请私聊发送「接单 ${need.id}」确认，接单后我会私聊发你住户的联系方式；不能接请发送「解除 ${need.id} 原因」。`,
  assigned: (need: NeedTitleFields, volunteer: string, told: boolean) =>
    `已把需求 ${needTitle(need, false)} 派给 ${volunteer}，${told ? '已私聊通知对方' : '对方没有可私聊的账号，请当面告知'}。`,
  accepted: (volunteer: string, need: NeedTitleFields) =>
    `${volunteer} 已接单需求 ${needTitle(need, false)}。服务后请发送：服务 ${need.id} <时长> <内容>`,
  acceptedMessage: (volunteer: string, need: NeedTitleFields) =>
    `志愿者 ${volunteer} 已接单需求 ${needTitle(need, false)}。`,
  logged: (id: number, s: LoggedService & { notified: boolean }) =>
    `已记录需求 #${id} 的服务${s.pending ? `（记录 #${s.id}）` : ''}：${formatHours(s.hours)}，${s.content}。` +
    (s.pending
      ? `单次超过 ${CONFIRM_ABOVE_HOURS} 小时，书记或委员「确认服务 ${s.id}」后才计入` +
        `${s.notified ? '，已私信通知他们' : '，请联系他们确认'}。`
      : '') +
    `本结对累计 ${s.visits} 次、${formatHours(s.totalHours)}。`,
  /** To the officers of the need's unit: a long entry waits for them. */
  confirmNeeded: (volunteer: string, need: NeedTitleFields, s: LoggedService) =>
    `志愿者 ${volunteer} 为需求 ${needTitle(need, false)} 记录了 ${formatHours(s.hours)} 服务（记录 #${s.id}）：${s.content}。\n` +
    `单次超过 ${CONFIRM_ABOVE_HOURS} 小时需确认后才计入，核实后请发送：确认服务 ${s.id}`,
  serviceConfirmed: (id: number, hours: number, need: NeedTitleFields) =>
    `已确认服务记录 #${id}（需求 ${needTitle(need, false)}，${formatHours(hours)}），已计入服务时长。`,
  serviceConfirmedMessage: (id: number, hours: number, need: NeedTitleFields, by: string) =>
    `你在需求 ${needTitle(need, false)} 的服务记录 #${id}（${formatHours(hours)}）已由 ${by} 确认，计入服务时长。`,
  rated: (need: NeedTitleFields, score: number, comment: string | undefined) =>
    `已记录需求 ${needTitle(need, false)} 的评价：${score} 分${comment ? `，${comment}` : ''}。可发送「结案 ${need.id}」结案。`,
  releaseMessage: (need: NeedTitleFields, by: string, reason: string | undefined) =>
    `需求 ${needTitle(need, false)} 的结对已由 ${by} 解除${reason ? `（${reason}）` : ''}，需求回到待派单。`,
  released: (need: NeedTitleFields) =>
    `已解除需求 ${needTitle(need, false)} 的结对，需求回到「${STATUS_LABEL.open}」。`,
  closed: (need: NeedTitleFields, erased: boolean) =>
    `需求 ${needTitle(need, false)} 已结案。${erased ? '住户的姓名、电话、住址已删除。' : ''}`,
  noNeeds: (scope: string, label: string) => `「${scope}」没有${label}的需求。`,
  /** One need of 需求列表: open ones with their wait, paired ones with their volunteer. */
  needLine: (need: NeedRow, volunteer: string | null, waitDays: number, household: string) => {
    const extra = need.status === 'open' ? `等待 ${waitDays} 天` : `志愿者 ${volunteer ?? '—'}`;
    const description = need.description.slice(0, DESCRIPTION_SHOWN);
    return `${needTitle(need)} · ${extra} · ${household}\n    ${description}`;
  },
  needsHeader: (scope: string, label: string, cut: number | null) =>
    `「${scope}」${label}需求${cut ? `（前 ${cut} 个）` : ''}：`,
  noRecords: (scope: string, period: string) => `「${scope}」${period}没有服务记录。`,
  exportSent: (officer: string) => `服务记录导出链接已私聊发给 ${officer}。`,
  export: (
    scope: string,
    period: string,
    rows: number,
    truncated: boolean,
    links: { csv: string; xlsx: string },
    until: string,
  ) =>
    [
      `「${scope}」志愿服务记录 ${period}，共 ${rows} 条${truncated ? '（只含前面部分，请缩小时间范围）' : ''}。`,
      '含志愿者个人信息，仅限书记、委员工作使用，请勿转发到群；本次导出已记录在审计日志。',
      `CSV：${links.csv}`,
      `XLSX：${links.xlsx}`,
      `链接 ${until} 前有效。`,
    ].join('\n'),
};

/** Why a volunteer ranks where they do, one short phrase per criterion. */
export function reasonsFor(
  need: Pick<NeedRow, 'type' | 'area' | 'timeMask'>,
  v: Pick<Suggestion, 'area' | 'skills' | 'freeMask' | 'load' | 'areaLevel' | 'skillFit' | 'timeFit'>,
): string[] {
  const out: string[] = [];
  if (v.areaLevel === 2) out.push(`同片区（${v.area}）`);
  else if (v.areaLevel === 1) out.push(`邻近片区（${v.area}）`);
  else if (need.area && v.area) out.push(`不同片区（${v.area}）`);
  else out.push('片区未填');
  out.push(v.skillFit ? `专长对口（${v.skills}）` : `专长不对口${need.type}（${v.skills}）`);
  out.push(`在办结对 ${v.load} 个`);
  if (v.timeFit === 2) out.push(`需要时有空（${formatTimeMask(v.freeMask & need.timeMask)}）`);
  else if (v.timeFit === 0) out.push(`需要时没空（空闲：${formatTimeMask(v.freeMask)}）`);
  else if (need.timeMask) out.push('空闲时间未填');
  else if (v.freeMask) out.push(`空闲：${formatTimeMask(v.freeMask)}`);
  return out;
}

/** 结对统计 (no personal data; fine in a group). */
export function statsText(scope: string, s: PairingStats): string {
  const covered = s.byStatus.accepted + s.byStatus.in_service + s.byStatus.rated;
  return [
    `「${scope}」结对帮扶统计`,
    `帮扶中住户：${covered} 户（已结案 ${s.byStatus.closed} 户）`,
    `待派单：${s.byStatus.open} 个，已派单待接单：${s.byStatus.assigned} 个`,
    `志愿者：${s.volunteers} 人，近 ${ACTIVE_VOLUNTEER_DAYS} 天有服务：${s.activeVolunteers} 人`,
    `累计服务：${s.visits} 次，${formatHours(s.hours)}`,
    `超过 ${UNVISITED_ALERT_DAYS} 天未走访：${s.unvisited} 户`,
    `平均评价：${s.averageRating === null ? '暂无' : `${s.averageRating.toFixed(1)} 分`}`,
  ].join('\n');
}
