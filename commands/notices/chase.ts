import { choice, optional } from '../../src/command/args.js';
import { defineCommand } from '../../src/command/define.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { formatTime } from '../../src/contracts/time.js';
import { chaseNotice, type ChaseResult, type UnitChase } from '../../src/services/notices/chase.js';
import { noticeNumber } from './args.js';
import { noticeTexts } from './texts.js';
import { someNames } from '../shared/long.js';

// 催办 N: the answer says which step of the ladder ran for which units, and who was reached how.

/** Names listed in the answer; beyond, a count (the group stays quiet). */
const NAMES_SHOWN = 10;
const PHONE = new Map([
  ['电话', true],
  ['phone', true],
]);

function names(list: readonly { name: string }[]): string {
  const shown = list.slice(0, NAMES_SHOWN).map((m) => m.name);
  return list.length > NAMES_SHOWN ? `${shown.join('、')} 等 ${list.length} 人` : shown.join('、');
}

/** Units named in a step's line: a whole district's 1,000 branches are a few names and a count. */
const UNITS_SHOWN = 5;
const unitNames = (us: readonly UnitChase[]) =>
  someNames(
    us.map((u) => u.unit.name),
    UNITS_SHOWN,
    '个组织',
  );

function stepLines(id: number, r: ChaseResult): string[] {
  const lines: string[] = [];
  const by = (s: number) => r.units.filter((u) => u.step === s);
  const one = by(1);
  if (one.length) {
    const people = one.reduce((n, u) => n + u.reached.length, 0);
    const chats = one.reduce((n, u) => n + u.chats, 0);
    lines.push(
      chats
        ? `第 1 步（群内 @，${unitNames(one)}）：已向 ${chats} 个群发出催办，提醒 ${people} 人确认通知 #${id}。`
        : `通知 #${id} 还有 ${people} 人未确认，但他们的组织没有绑定群，无法催办。`,
    );
  }
  const two = by(2);
  if (two.length) {
    const reached = two.flatMap((u) => u.reached);
    lines.push(
      `第 2 步（私信，${unitNames(two)}）：已私信 ${reached.length} 人${reached.length ? `：${names(reached)}` : ''}。`,
    );
  }
  const three = by(3);
  if (three.length) {
    const esc = three.flatMap((u) => u.escalated);
    const read = esc.filter((e) => e.read).map((e) => e.member);
    const unread = esc.filter((e) => !e.read).map((e) => e.member);
    const parts = [];
    if (read.length) parts.push(`已读未确认 ${read.length} 人：${names(read)}`);
    if (unread.length) parts.push(`私信后仍未读 ${unread.length} 人：${names(unread)}`);
    lines.push(
      `第 3 步（加急，${unitNames(three)}）：已加急 ${esc.length} 人${parts.length ? `（${parts.join('；')}）` : ''}。`,
    );
    const again = three.flatMap((u) => u.reached);
    if (again.length) lines.push(`平台不支持加急，已再次私信 ${again.length} 人：${names(again)}。`);
  }
  const missed = r.units.filter((u) => u.step > 1).flatMap((u) => u.missed);
  if (missed.length) lines.push(`无法私信 ${missed.length} 人：${names(missed)}。`);
  return lines;
}

export const chaseCommand = defineCommand({
  name: '催办',
  aliases: ['chase'],
  group: '通知',
  summary: '逐级提醒还没确认通知的人：群内 @ → 私信 → 加急，每个群每小时至多一次；「电话」仅限平台支持时',
  example: '催办 12',
  roles: OFFICERS,
  args: [noticeNumber, optional(choice('phone', '电话', PHONE))],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const phone = args.phone === true;
    const r = await chaseNotice(ctx.work, tree, ctx.sender, args.id ?? undefined, noticeTexts, ctx.deps.platforms, {
      phone,
    });
    const { report } = r;
    const { id, unitId } = report.notice;
    const pending = report.expected - report.confirmed;
    if (pending === 0) {
      ctx.reply(`通知 #${id} 已全部确认（${report.confirmed}/${report.expected}），无需催办。`);
      return;
    }
    const tz = tree.get(unitId)?.timeZone ?? ctx.deps.config.PIONEER_TZ;
    if (phone) {
      const phoned = r.phoned ?? [];
      ctx.audit('notice.chase.phone', { unitId, target: String(id), detail: { people: phoned.length } });
      ctx.reply(
        phoned.length
          ? `已为 ${phoned.length} 人发起电话提醒（通知 #${id}）：${names(phoned)}。`
          : `通知 #${id} 的未确认者都不在支持电话提醒的平台上。`,
      );
      return;
    }
    const steps = r.units.map((u) => ({ unit: u.unit.id, step: u.step }));
    ctx.audit('notice.chase', { unitId, target: String(id), detail: { pending, chats: r.chats, steps } });
    const lines = stepLines(id, r);
    if (r.waiting.length) {
      // The earliest a unit can be chased again; with many, one line for them all.
      const until = Math.min(...r.waiting.map((w) => w.until));
      const who = someNames(
        r.waiting.map((w) => w.unit.name),
        UNITS_SHOWN,
        '个组织',
      );
      const when = r.waiting.length > 1 ? '最早' : '';
      lines.push(`【${who}】一小时内已催办过，${when}${formatTime(new Date(until), tz)} 后可再催办。`);
    }
    ctx.reply(lines.join('\n'));
  },
});
