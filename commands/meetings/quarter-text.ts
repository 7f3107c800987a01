// 本季度's answer. A 支部 (or a 党委 with few units) gets every unit's counts; a 党委 over many
// branches gets a summary — totals, the units behind (most behind first), the warnings counted —
// and the full list is left to the 看板 and the exports (issue 24: never a 1,000-line message).
import { formatTime } from '../../src/contracts/time.js';
import type { QuarterSummary, TypeCount, UnitQuarter } from '../../src/services/meetings/quarter.js';
import type { Unit, UnitTree } from '../../src/services/org/units.js';
import type { UnfinishedRecord } from '../../src/services/records/unfinished.js';
import { clip, fitSummary, someNames, SUMMARY_LINES } from '../shared/long.js';
import { meetingLabel, typeName, unfinishedRecordsLine } from './texts.js';

/** Where the whole of a summarised 本季度 is. */
export const QUARTER_FULL_LIST = '完整列表见看板或导出（私聊发送「看板」，或发送「导出 本季度」）。';
/** Unfinished record books and absence warnings a summary names before counting the rest. */
const SUMMARY_EXAMPLES = 3;

export interface QuarterTextInput {
  tree: UnitTree;
  unit: Unit;
  year: number;
  quarter: number;
  now: Date;
  report: Pick<QuarterSummary, 'units' | 'warnings' | 'warningsAsOf'>;
  unfinished: readonly UnfinishedRecord[];
  /** The platform's message size (commands/shared/long.ts maxTextChars). */
  maxChars: number;
}

const missingOf = (u: UnitQuarter) => u.counts.reduce((n, c) => n + Math.max(0, c.required - c.held), 0);

function countLine(c: TypeCount): string {
  const label = typeName(c.type);
  const planned = c.scheduled ? `，已安排 ${c.scheduled}` : '';
  if (c.required === 0) return `· ${label} 已开 ${c.held}${planned}`;
  if (c.held >= c.required) return `· ${label} 已开 ${c.held}/${c.required} ✓${planned}`;
  return `· ${label} 已开 ${c.held}/${c.required}，还差 ${c.required - c.held}${planned}`;
}

/** 「（12月1日 09:55 统计）」 when the warnings were kept from earlier (src/services/meetings/warnings.ts). */
function warningsTime(input: QuarterTextInput): string {
  const at = input.report.warningsAsOf;
  return at === null ? '' : `（${formatTime(new Date(at), input.unit.timeZone)} 统计）`;
}

function warningNames(input: QuarterTextInput): string[] {
  return input.report.warnings.map(
    (w) => `${w.person.name}(${input.tree.get(w.person.unitId)?.name ?? ''}，连续 ${w.streak} 次)`,
  );
}

/** Every unit's counts: what a 支部 and a small 党委 are shown. */
function detailed(input: QuarterTextInput, head: string): string[] {
  const lines = [head];
  for (const u of input.report.units) {
    if (u.counts.length === 0) continue;
    lines.push(`【${u.unit.name}】`, ...u.counts.map(countLine));
  }
  if (lines.length === 1) lines.push('（本组织及下级没有需要统计的会议）');
  lines.push(...unfinishedRecordsLine(input.unfinished, input.unit.timeZone));
  const warnings = warningNames(input);
  const when = warningsTime(input);
  lines.push(warnings.length ? `连续缺席预警${when}：${someNames(warnings, 20)}` : `无连续缺席预警${when}。`);
  return lines;
}

/** Totals, the units behind first, and counts of the rest. */
function summary(input: QuarterTextInput, head: string): string {
  const { report, unit } = input;
  const owing = report.units.filter((u) => u.counts.some((c) => c.required > 0));
  const behind = owing.filter((u) => missingOf(u) > 0).sort((a, b) => missingOf(b) - missingOf(a));
  const byType = new Map<string, { done: number; all: number }>();
  for (const u of owing)
    for (const c of u.counts) {
      if (c.required === 0) continue;
      const t = byType.get(c.type) ?? { done: 0, all: 0 };
      t.all++;
      if (c.held >= c.required) t.done++;
      byType.set(c.type, t);
    }
  const types = [...byType].map(([type, t]) => `${typeName(type as TypeCount['type'])} ${t.done}/${t.all}`);
  const top = [
    head,
    `应开三会一课的组织 ${owing.length} 个：已开齐 ${owing.length - behind.length} 个，还差的 ${behind.length} 个。`,
  ];
  if (types.length) top.push(`按类型已开齐的组织：${types.join('；')}`);
  if (behind.length) top.push('还差的组织（差得多的在前）：');
  const items = behind.map((u) => {
    const owed = u.counts.filter((c) => c.required > c.held).map((c) => `${typeName(c.type)} ${c.held}/${c.required}`);
    return `· ${u.unit.name}：${owed.join('，')}`;
  });
  const tail: string[] = [];
  if (input.unfinished.length) {
    const some = input.unfinished.slice(0, SUMMARY_EXAMPLES).map((r) => meetingLabel(r.meeting, unit.timeZone));
    const etc = input.unfinished.length > SUMMARY_EXAMPLES ? '等' : '';
    tail.push(`会议记录未完成 ${input.unfinished.length} 场：${some.join('；')}${etc}`);
  }
  const warnings = warningNames(input);
  const when = warningsTime(input);
  tail.push(
    warnings.length
      ? `连续缺席预警 ${warnings.length} 人${when}：${someNames(warnings, SUMMARY_EXAMPLES)}`
      : `无连续缺席预警${when}。`,
  );
  tail.push(QUARTER_FULL_LIST);
  const more = (left: number) => `……另有 ${left} 个组织还差`;
  return fitSummary(
    top,
    items,
    tail.map((l) => clip(l, 200)),
    more,
    input.maxChars,
  );
}

/** 本季度's answer for `input.unit`: detailed when it is short, else a summary; never over maxChars. */
export function quarterText(input: QuarterTextInput): string {
  const asOf = formatTime(input.now, input.unit.timeZone);
  const head = `「${input.unit.name}」${input.year}年第${input.quarter}季度 三会一课（截至 ${asOf}）`;
  // Over a few units the detail cannot fit: not worth wording (a 区委's has a thousand units).
  if (input.report.units.filter((u) => u.counts.length).length > SUMMARY_LINES) return summary(input, head);
  const full = detailed(input, head);
  const text = full.join('\n');
  // A 支部 with its 党小组 and a few units above fit; anything longer is a summary.
  if (full.length <= SUMMARY_LINES + 5 && text.length <= input.maxChars) return text;
  return summary(input, head);
}
