import { optional, rest, word } from '../../src/command/args.js';
import { defineCommand } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { DEFAULT_PART_OF_DAY } from '../../src/command/zh-time.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { requireManage, requireUnit } from '../../src/services/org/org.js';
import {
  effectiveTimeDefaults,
  loadTimeDefaults,
  saveTimeDefaults,
  TIME_PARTS,
  type TimeDefaultRows,
  type TimePart,
} from '../../src/services/times/defaults.js';
import type { UnitTree } from '../../src/services/org/units.js';
import { chatUnit } from '../shared/chat.js';
import { PART_NAME, PART_WORDS, RESET_WORDS, TIMES_USAGE, timesTexts, type ShownPart } from './texts.js';

const UNIT_OPTION = /^(?:组织|单位)[:：](.+)$/;
/** 「14:30」「9:00」「14点」「14点30」「14点半」. */
const CLOCK = /^(\d{1,2})(?::(\d{2})|点(?:(\d{1,2})分?|(半))?)$/;
/** A part glued to its time: 「下午14:30」. */
const GLUED = /^(\D+?)(\d.*)$/;

function clockMinOf(text: string): number | null {
  const m = CLOCK.exec(text);
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = m[4] ? 30 : Number(m[2] ?? m[3] ?? 0);
  return hour <= 23 && minute <= 59 ? hour * 60 + minute : null;
}

/** The words after 时间设置 (without 组织:) into a change: part → minutes, or null to inherit. */
function parseChange(words: readonly string[]): Map<TimePart, number | null> {
  const change = new Map<TimePart, number | null>();
  if (words.length === 1 && RESET_WORDS.has(words[0]!)) {
    for (const p of TIME_PARTS) change.set(p, null);
    return change;
  }
  const split = words.flatMap((w) => {
    const g = GLUED.exec(w);
    return g && PART_WORDS.has(g[1]!) ? [g[1]!, g[2]!] : [w];
  });
  for (let i = 0; i < split.length; i += 2) {
    const part = PART_WORDS.get(split[i]!);
    if (!part) throw new CommandError(timesTexts.unknownPart(split[i]!), TIMES_USAGE);
    const name = PART_NAME.get(part)!;
    const value = split[i + 1];
    if (value === undefined) throw new CommandError(timesTexts.missingTime(name), TIMES_USAGE);
    if (RESET_WORDS.has(value)) change.set(part, null);
    else {
      const min = clockMinOf(value);
      if (min === null) throw new CommandError(timesTexts.unreadableTime(name, value), TIMES_USAGE);
      change.set(part, min);
    }
  }
  return change;
}

/** Every part as the unit reads it: its own or inherited setting, else the reader's default. */
function shown(tree: UnitTree, rows: TimeDefaultRows, unitId: string): ShownPart[] {
  const set = effectiveTimeDefaults(tree, rows, unitId);
  return TIME_PARTS.map((part) => {
    const own = set.get(part);
    const d = DEFAULT_PART_OF_DAY[part];
    return own ? { part, ...own } : { part, clockMin: d.hour * 60 + d.minute, from: null };
  });
}

export const timesCommand = defineCommand({
  name: '时间设置',
  aliases: ['time-defaults'],
  group: '会议',
  summary: '查看或修改只写时段不写几点时（如「下午」）按几点计',
  example: '时间设置 下午 14:30',
  roles: OFFICERS,
  // The words are read as pairs (时段 时间) with 组织:名称 anywhere, in run; these two name the parts
  // for the usage line and accept any words.
  args: [optional(word('setting', '时段 时间')), optional(rest('unit', '组织:名称'))],
  async run(ctx) {
    const tree = await ctx.tree();
    const words = ctx.command.args.filter((w) => !w.startsWith('@'));
    const opt = words.map((w) => UNIT_OPTION.exec(w)).find(Boolean);
    const unit = opt ? requireUnit(tree, opt[1]!.trim()) : chatUnit(ctx, tree);
    requireManage(ctx.sender, tree, unit);
    const rows = await loadTimeDefaults(ctx.db);
    const rest = words.filter((w) => !UNIT_OPTION.test(w));
    if (rest.length === 0) {
      ctx.reply(timesTexts.shown(tree, unit, shown(tree, rows, unit.id)));
      return;
    }
    const change = parseChange(rest);
    const by = { platform: ctx.msg.platform, userId: ctx.msg.senderId, memberId: ctx.sender.member?.id ?? null };
    saveTimeDefaults(ctx.work, unit.id, change, by);
    ctx.audit('time.defaults', { unitId: unit.id, detail: Object.fromEntries(change) });
    // The writes commit with the answer; the answer shows the settings as they will be.
    const own = new Map(rows.get(unit.id) ?? []);
    for (const [part, min] of change) {
      if (min === null) own.delete(part);
      else own.set(part, min);
    }
    const after = new Map(rows).set(unit.id, own);
    ctx.reply(timesTexts.updated(tree, unit, shown(tree, after, unit.id)));
  },
});
