import { rest, written } from '../../src/command/args.js';
import type { CommandContext } from '../../src/command/context.js';
import { defineCommand, type CommandDef } from '../../src/command/define.js';
import { normalizeText } from '../../src/command/parse.js';
import { CommandError } from '../../src/command/errors.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { MAX_NOTICE_CHARS, draftNotice, sendLastDraft } from '../../src/services/notices/notices.js';
import type { Unit, UnitTree } from '../../src/services/org/units.js';
import { audienceUnits, type NamedTarget, type Reach } from '../../src/services/notices/audience.js';
import { signingUnit } from '../../src/services/notices/scope.js';
import { DEADLINE_REMINDER_BEFORE_MS } from '../../src/services/notices/deadline.js';
import { readTime, type ReadOk } from '../../src/command/zh-time.js';
import { refusalText, understoodText, unitTimes, type UnitTimes } from '../shared/when.js';
import { NOTICE_USAGE, noticeTexts } from './texts.js';

const IMMEDIATELY = /^(现在|立即|立刻|马上)$/;
const UNIT_LIST_SEPARATORS = /[,，、;；\s]+/;

interface NoticeInput {
  body: string;
  /** The units named after 到, each with whether it was marked 仅本级. */
  units: NamedTarget[] | null;
  /** The send time read after 于, with what the reading assumed. */
  at: ReadOk | null;
  /** The deadline read after 截止, by which people should confirm. */
  due: ReadOk | null;
}

const SEND_EXAMPLE = '例如「于 明天上午9点」「于 12月5日 15:00」，或「于 现在」';
const DEADLINE_EXAMPLE = '例如「截止 周五18点」「截止 12月5日 17:00」';
/** What may follow a time after 于 without making the clause more than a time. */
const TRAILING_PUNCTUATION = /^[\s,，.。!！]*$/;

/** 「第一支部（仅本级）」: after NFKC the parentheses are ASCII, and may stand apart from the name. */
const ONLY_THIS_LEVEL = /\s*\((仅本级|只发本级|本级)\)$/;

/** The unit names of a 到 clause, each with whether it was marked 仅本级. */
function namedUnits(clause: string): { name: string; only: boolean }[] {
  const out: { name: string; only: boolean }[] = [];
  for (const word of normalizeText(clause).split(UNIT_LIST_SEPARATORS).filter(Boolean)) {
    const only = ONLY_THIS_LEVEL.test(word);
    const name = word.replace(ONLY_THIS_LEVEL, '');
    if (name) out.push({ name, only });
    else if (only && out.length) out[out.length - 1]!.only = true;
  }
  return out;
}

/**
 * Splits "内容 [到 单位,...] [于 时间] [截止 时间]" from the end. A trailing 到/于 clause counts only
 * when it is wholly a time or wholly known unit names, so "请大家 到 会议室" stays part of the
 * content; a clause that is wholly a time that cannot be used (past, too far, no such day) is
 * refused. 截止 standing apart is always the deadline: words after it that are not a time are refused.
 */
export function parseNoticeInput(rest: string, tree: UnitTree, now: Date, unit: UnitTimes): NoticeInput {
  const out: NoticeInput = { body: rest.trim(), units: null, at: null, due: null };
  for (let i = 0; i < 3; i++) {
    const m = /^([\s\S]*\S)\s+(到|于|截止)[\s:：]*([^\n]+)$/.exec(out.body);
    if (!m) break;
    const [, before, marker, clause] = m as unknown as [string, string, string, string];
    if (marker === '截止' && !out.due) {
      out.due = deadlineOf(clause, now, unit);
    } else if (marker === '于' && !out.at && IMMEDIATELY.test(clause.trim())) {
      // "于 现在": the default, said out loud.
    } else if (marker === '于' && !out.at) {
      const r = readTime(clause, { now, ...unit, purpose: 'notice' });
      const whole = r.text !== undefined && TRAILING_PUNCTUATION.test(clause.replace(r.text, ''));
      if (!whole) break;
      if (!r.ok) throw new CommandError(refusalText(r, { now, timeZone: unit.timeZone, example: SEND_EXAMPLE }));
      out.at = r;
    } else if (marker === '到' && !out.units) {
      const named = namedUnits(clause);
      const found = named.map((n) => tree.findByName(n.name));
      if (found.every((u) => !u)) break;
      const missing = named.filter((_, j) => !found[j]).map((n) => n.name);
      if (missing.length) throw new CommandError(`找不到组织「${missing.join('、')}」。`);
      const byId = new Map<string, NamedTarget>();
      // A unit named twice reaches below it unless every mention says 仅本级.
      for (const [j, u] of found.entries())
        byId.set(u!.id, { unit: u!, only: named[j]!.only && (byId.get(u!.id)?.only ?? true) });
      out.units = [...byId.values()];
    } else break;
    out.body = before.trim();
  }
  return out;
}

/** The deadline after 截止, or a CommandError saying what is wrong with it, with the usage. */
function deadlineOf(clause: string, now: Date, unit: UnitTimes): ReadOk {
  const r = readTime(clause, { now, ...unit, purpose: 'notice' });
  const whole = r.text !== undefined && TRAILING_PUNCTUATION.test(clause.replace(r.text, ''));
  if (!whole)
    throw new CommandError(`没看懂截止时间「${clause.trim().slice(0, 30)}」，${DEADLINE_EXAMPLE}。`, NOTICE_USAGE);
  if (!r.ok) {
    const why = refusalText(r, { now, timeZone: unit.timeZone, example: DEADLINE_EXAMPLE });
    throw new CommandError(`截止${why}`, NOTICE_USAGE);
  }
  return r;
}

/**
 * The text after the command word as the sender typed it: full-width punctuation and line breaks
 * kept (the parser's normalised copy turns "，" into ","), invisible characters removed.
 */
function typedRest(ctx: CommandContext): string {
  const raw = ctx.msg.text.replace(/\r\n?/g, '\n').replace(/[\u200B-\u200F\u2060-\u206F\uFEFF]/g, '');
  const i = raw.toLowerCase().indexOf(ctx.command.word);
  // 「通知：周五开会」: the separator glued to the word is not part of the content.
  return i < 0
    ? ctx.command.rest
    : raw
        .slice(i + ctx.command.word.length)
        .replace(/^[\s:：,，]+/, '')
        .trim();
}

function issuingUnit(ctx: CommandContext, tree: UnitTree): Unit | undefined {
  return tree.get(ctx.binding?.unitId ?? ctx.sender.member?.unitId);
}

/** Most units the preview lists one by one; the rest are counted. */
const PREVIEW_UNITS = 12;

/** The preview's line per unit reached when it reaches more than the one named: its chats and people. */
function reachLines(tree: UnitTree, reach: Reach): string[] {
  if (reach.units.length < 2) return [];
  const lines = reach.units.slice(0, PREVIEW_UNITS).map((u) => {
    const names = u.chats.flatMap((c) => (c.chatName ? [c.chatName] : []));
    const chats = u.chats.length
      ? `${u.chats.length} 个群${names.length ? `（${names.join('、')}）` : ''}`
      : '未绑定群';
    return `  · ${tree.get(u.unitId)?.name ?? u.unitId}：${chats}，${u.people} 人`;
  });
  const more = reach.units.length - PREVIEW_UNITS;
  if (more > 0) lines.push(`  · 另有 ${more} 个组织`);
  return lines;
}

const drafting = defineCommand({
  name: '通知',
  aliases: ['notice'],
  group: '通知',
  summary: '起草通知，预览发往的群数和人数；再发「确认发送」发出',
  example: '通知 周五下午3点在党员活动室集中学习 到 第一支部,第二支部 于 明天上午9点',
  roles: OFFICERS,
  // Naming 141 branches one by one hits the command limit (src/command/too-long.ts); a 党委 reaches them all.
  tooLongHint: '发给一个党委或总支下的所有支部，写「到 某党委」即可（下级组织都会收到），不必逐个写出支部名称。',
  args: [written(rest('text', '内容'))],
  async run(ctx) {
    const tree = await ctx.tree();
    const home = issuingUnit(ctx, tree);
    const times = await unitTimes(ctx, tree);
    const unit = home ? times(home.id) : { timeZone: ctx.deps.config.PIONEER_TZ };
    const tz = unit.timeZone;
    const input = parseNoticeInput(typedRest(ctx), tree, ctx.now, unit);
    if (!input.body) throw new CommandError('缺少通知内容。', NOTICE_USAGE);
    if (input.body.length > MAX_NOTICE_CHARS) throw new CommandError(`通知内容最多 ${MAX_NOTICE_CHARS} 字。`);
    const named = input.units ?? (home ? [{ unit: home, only: false }] : null);
    if (!named || named.length === 0)
      throw new CommandError('请用「到 <组织>」指明发给哪些组织，或在已绑定的群里使用。');
    const targets = audienceUnits(tree, named);
    const { notice, reach } = await draftNotice(ctx.work, tree, ctx.sender, {
      body: input.body,
      targets,
      issuingUnit: signingUnit(
        ctx.sender,
        tree,
        named.map((n) => n.unit),
        home,
      ),
      scheduledAt: input.at?.start ?? null,
      deadlineAt: input.due?.start ?? null,
    });
    const lines = [
      `通知草稿 #${notice.id}`,
      `发往：${named.map((n) => n.unit.name + (n.only ? '（仅本级）' : '')).join('、')}` +
        `（${reach.chats.length} 个群，${reach.people} 人）`,
      ...reachLines(tree, reach),
      `发送时间：${input.at ? understoodText(input.at, ctx.now, tz) : '确认后立即发送'}`,
      ...(input.due
        ? [
            `截止：${understoodText(input.due, ctx.now, tz)}（截止前 ${DEADLINE_REMINDER_BEFORE_MS / 3_600_000} 小时自动提醒未确认的人）`,
          ]
        : []),
      `内容：${input.body}`,
    ];
    if (reach.chats.length === 0) lines.push('注意：目标组织还没有绑定群，请先在群里发送「绑定 <组织>」。');
    lines.push('确认无误请发送「确认发送」。');
    ctx.reply(lines.join('\n'));
  },
});

/**
 * The engine would generate 「通知 <内容>」 from the one argument; the 到/于 clauses are read from
 * inside that free text (parseNoticeInput), not bound as words, so the documented line is kept.
 */
export const noticeCommand: CommandDef = { ...drafting, usage: NOTICE_USAGE };

export const sendNoticeCommand = defineCommand({
  name: '确认发送',
  aliases: ['send'],
  group: '通知',
  summary: '发出你最近起草的通知（立即或按定时）',
  example: '确认发送',
  roles: OFFICERS,
  args: [],
  async run(ctx) {
    const tree = await ctx.tree();
    const { notice, reach, units } = await sendLastDraft(ctx.work, tree, ctx.sender, noticeTexts);
    ctx.audit('notice.send', {
      unitId: notice.unitId,
      target: String(notice.id),
      detail: {
        units: units.map((u) => u.id),
        chats: reach.chats.length,
        people: reach.people,
        scheduledAt: notice.scheduledAt,
      },
    });
    const tz = tree.get(notice.unitId)?.timeZone ?? ctx.deps.config.PIONEER_TZ;
    const at = notice.scheduledAt ? { start: new Date(notice.scheduledAt), assumed: [] } : null;
    const when = at ? `将于 ${understoodText(at, ctx.now, tz)} ` : '已';
    ctx.reply(
      `通知 #${notice.id} ${when}发往 ${reach.chats.length} 个群（${reach.people} 人需确认）。\n查看回执：未读 ${notice.id}`,
    );
  },
});
