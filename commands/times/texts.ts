import type { ErrorTexts } from '../../src/command/define.js';
import type { Unit, UnitTree } from '../../src/services/org/units.js';
import type { TimeErrors } from '../../src/services/times/errors.js';
import type { TimePart } from '../../src/services/times/defaults.js';

// Every word of 时间设置 that people read, and the words they type for a part of day.

/** What each part of day is called, in the order 时间设置 lists them. */
export const PART_NAME: ReadonlyMap<TimePart, string> = new Map<TimePart, string>([
  ['dawn', '凌晨'],
  ['early_morning', '早上'],
  ['morning', '上午'],
  ['noon', '中午'],
  ['afternoon', '下午'],
  ['dusk', '傍晚'],
  ['evening', '晚上'],
  ['night', '夜里'],
  ['day', '只写日期'],
]);

/** Words people type for a part of day: the names and the other words the time reader takes for it. */
export const PART_WORDS: ReadonlyMap<string, TimePart> = new Map<string, TimePart>([
  ...[...PART_NAME].map(([part, name]) => [name, part] as const),
  ['早晨', 'early_morning'],
  ['清晨', 'early_morning'],
  ['晚间', 'evening'],
  ['夜间', 'night'],
  ['日期', 'day'],
  ['全天', 'day'],
]);

/** Words that put a part (or every part) back to what is inherited. */
export const RESET_WORDS: ReadonlyMap<string, true> = new Map([
  ['默认', true],
  ['恢复默认', true],
  ['default', true],
]);

const pad = (n: number) => String(n).padStart(2, '0');
export const clock = (min: number) => `${pad(Math.floor(min / 60))}:${pad(min % 60)}`;

const EXAMPLES = '时间设置 下午 14:30 晚上 19:00；时间设置 下午 默认；时间设置 恢复默认';
export const TIMES_USAGE = `时间设置 [时段 时间] [组织:名称]\n例如：${EXAMPLES}`;

/** One part as shown: its clock time and where it comes from. */
export interface ShownPart {
  part: TimePart;
  clockMin: number;
  /** The unit that set it, or null for the built-in default. */
  from: string | null;
}

function describe(tree: UnitTree, unit: Unit, parts: readonly ShownPart[]): string {
  return parts
    .map((p) => {
      const from =
        p.from === null ? '默认' : p.from === unit.id ? '本组织设置' : `沿用「${tree.get(p.from)?.name ?? ''}」`;
      return `${PART_NAME.get(p.part)} ${clock(p.clockMin)}（${from}）`;
    })
    .join('\n');
}

export const timesTexts = {
  shown: (tree: UnitTree, unit: Unit, parts: readonly ShownPart[]) =>
    [
      `「${unit.name}」的时间设置：只写时段、不写几点时（如「周三下午」「明天晚上」）按这些时间计，回复里会写明`,
      describe(tree, unit, parts),
      `修改示例：${EXAMPLES}`,
    ].join('\n'),
  updated: (tree: UnitTree, unit: Unit, parts: readonly ShownPart[]) =>
    [`已更新「${unit.name}」的时间设置（只影响以后写的时间，已安排的会议不变）`, describe(tree, unit, parts)].join(
      '\n',
    ),
  unknownPart: (word: string) =>
    `没有「${word.slice(0, 10)}」这个时段，可设置：${[...PART_NAME.values()].join('、')}。`,
  unreadableTime: (part: string, word: string) =>
    `没看懂「${part}」的时间「${word.slice(0, 10)}」，请写成「14:30」或「14点半」，或写「默认」恢复。`,
  missingTime: (part: string) => `请写「${part}」按几点计，例如「时间设置 ${part} 14:30」。`,
};

export const timeErrorTexts: ErrorTexts<TimeErrors> = {
  'times.outside_part': ({ part, clockMin, fromMin, toMin }) =>
    `「${PART_NAME.get(part as TimePart) ?? part}」应在 ${clock(fromMin)} 到 ${clock(toMin)} 之间，` +
    `${clock(clockMin)} 不在这个时段里。`,
};
