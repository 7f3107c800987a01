import { id, idOf, mentions, optional, rest } from '../../src/command/args.js';
import { DomainError } from '../../src/contracts/errors.js';
import type { Mention } from '../../src/contracts/message.js';
import type { MeetingsErrors } from '../../src/services/meetings/errors.js';
import type { UnitTree } from '../../src/services/org/units.js';
import { defineCommand } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { OFFICERS, REGISTERED } from '../../src/contracts/roles.js';
import { formatTime } from '../../src/contracts/time.js';
import { checkManager, findInScope, requireMemberRecord } from '../../src/services/meetings/access.js';
import { CHECKIN_CODE_DIGITS, CHECKIN_CODE_MAX_WRONG } from '../../src/services/meetings/checkin-code.js';
import { CHECKIN_CODE_PERIOD_SEC } from '../../src/services/meetings/checkin-code.js';
import type { RetiredCode } from '../../src/services/meetings/checkin-attempts.js';
import {
  currentCode,
  selfCheckIn,
  type CheckinMeeting,
  type MeetingAndMine,
} from '../../src/services/meetings/checkin.js';
import { enqueueToMember } from '../../src/outbox/enqueue.js';
import type { CommandContext } from '../../src/command/context.js';
import { MAKEUP_DEADLINE_DAYS } from '../../src/services/meetings/makeup.js';
import { proxyCheckIn } from '../../src/services/meetings/proxy.js';
import { meetingNeedingCode, numberedMeeting, pickOpenMeeting } from '../../src/services/meetings/find.js';
import { requireMeeting } from '../../src/services/meetings/meetings.js';
import { MEETING_ID_DIGITS, meetingId, orNull } from './args.js';
import { chatUnit, placeOf, tzOf } from '../shared/chat.js';
import { checkinCodeTexts, hhmm, meetingLabel, meetingsErrorTexts } from './texts.js';

const CODE_RE = new RegExp(`^\\d{${CHECKIN_CODE_DIGITS}}$`);
const CHECKIN_USAGE = '签到 [编号] [签到码]\n例如：签到、签到 12、签到 123456';

/**
 * The meeting number and code of a 签到. A bare number of CHECKIN_CODE_DIGITS digits is a code
 * ("签到 123456"), any other number the meeting ("签到 12", "签到 #123456"); the two may come in
 * either order, so the words the id argument did not take are read here: the first two when there
 * was no number before them, else one (as many as the two arguments hold).
 */
function readCheckin(given: number | undefined, words: string | undefined): { id: number | null; code: string | null } {
  let id = given ?? null;
  let code: string | null = null;
  const tokens = (words ?? '')
    .split(' ')
    .filter(Boolean)
    .slice(0, id === null ? 2 : 1);
  for (const t of tokens) {
    const n = idOf(t, MEETING_ID_DIGITS);
    if (CODE_RE.test(t) && code === null) code = t;
    else if (n !== null && id === null) id = n;
    else
      throw new CommandError(
        `「${t.slice(0, 20)}」既不是会议编号也不是 ${CHECKIN_CODE_DIGITS} 位签到码。`,
        CHECKIN_USAGE,
      );
  }
  return { id, code };
}

/** Tells the officers the code that replaces one typed into a group (by direct message, via the outbox). */
async function tellNewCode(ctx: CommandContext, m: CheckinMeeting, retired: RetiredCode, tz: string): Promise<void> {
  const text = checkinCodeTexts.newCode(meetingLabel(m, tz), m.id, retired.code, hhmm(retired.changesAt, tz));
  const message = { kind: 'checkin.code_retired', ref: `${m.id}:${retired.generation}`, text, unitId: m.unitId };
  for (const officer of retired.officers) await enqueueToMember(ctx.work, officer, message, ctx.msg.platform);
  ctx.audit('attendance.code_retired', {
    unitId: m.unitId,
    detail: { meetingId: m.id, generation: retired.generation },
  });
}

export const checkinCommand = defineCommand({
  name: '签到',
  aliases: ['checkin'],
  group: '会议',
  summary: '签到正在进行的会议（开始后签到记为迟到）',
  example: '签到',
  roles: REGISTERED,
  // With the filler src/command/phrasing.ts allows: 「签到了」「我签到」「已签到」「签个到」.
  phrasings: { sayings: ['签个到', '来签到', '签到一下'] },
  // One digit fewer than a code, so a bare code is never read as a number; "#" still names any meeting.
  args: [optional(id('id', '编号', { maxDigits: CHECKIN_CODE_DIGITS - 1 })), optional(rest('code', '签到码'))],
  async run(ctx, args) {
    const member = requireMemberRecord(ctx.sender);
    const { id, code } = readCheckin(args.id, args.code);
    const tree = await ctx.tree();
    const r =
      id !== null
        ? await numberedMeeting(ctx.db, tree, placeOf(ctx), id, member.id)
        : await pickOpenMeeting(ctx.db, tree, chatUnit(ctx, tree), member, ctx.now);
    const m = r.meeting;
    const tz = tzOf(tree, m.unitId);
    const done = await selfCheckIn(ctx.work, tree, r, member, code, { group: ctx.msg.chatType === 'group' });
    switch (done.kind) {
      case 'code_by_direct':
        ctx.reply(done.typed ? checkinCodeTexts.typedInGroup : checkinCodeTexts.askInGroup(m.id));
        ctx.replyDirect(checkinCodeTexts.howInDirect(m.id, CHECKIN_CODE_DIGITS));
        if (done.retired) await tellNewCode(ctx, m, done.retired, tz);
        return;
      case 'code_retired':
        ctx.reply(checkinCodeTexts.retired(m.id));
        return;
      case 'code_wrong':
        ctx.audit('attendance.code_wrong', {
          unitId: m.unitId,
          target: member.id,
          detail: { meetingId: m.id, wrong: done.wrong },
        });
        ctx.reply(
          done.left > 0
            ? checkinCodeTexts.wrong(done.left)
            : meetingsErrorTexts['checkin.code_locked']({ id: m.id, max: CHECKIN_CODE_MAX_WRONG }),
        );
        return;
    }
    const out = done.outcome;
    if (out.already) {
      ctx.reply(`${member.name} 已签到（${hhmm(out.at, tz)}），无需重复签到。`);
      return;
    }
    const notes = [`会议 #${m.id}`];
    if (out.late) notes.push(`迟到 ${out.lateMinutes} 分钟`);
    if (out.guest) notes.push('列席，不计入应到人数');
    if (out.leaveCancelled) notes.push('已撤销请假');
    ctx.reply(`${member.name} 签到成功（${notes.join('，')}）`);
  },
});

export const codeCommand = defineCommand({
  name: '签到码',
  aliases: ['code'],
  group: '会议',
  summary: `查看会议当前的签到码（每 ${CHECKIN_CODE_PERIOD_SEC} 秒更新，私信发给你）`,
  example: '签到码 12',
  roles: OFFICERS,
  readonly: true,
  args: [orNull(meetingId('id', '编号'))],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const m =
      args.id !== null
        ? await requireMeeting(ctx.db, args.id)
        : await meetingNeedingCode(ctx.db, tree, chatUnit(ctx, tree), ctx.now);
    checkManager(tree, ctx.sender, placeOf(ctx), m);
    const tz = tzOf(tree, m.unitId);
    const shown = await currentCode(m, ctx.now);
    const notYet = shown.opensAt ? `\n（签到 ${formatTime(shown.opensAt, tz)} 才开始，届时请重新获取）` : '';
    if (ctx.msg.chatType === 'group') ctx.reply('签到码已私信发给你，请在会场出示。');
    ctx.replyDirect(
      `${meetingLabel(m, tz)} 签到码：${shown.code}\n${hhmm(shown.changesAt, tz)} 前有效（之后 1 分钟内仍可使用），` +
        `每 ${CHECKIN_CODE_PERIOD_SEC} 秒更新，需要时再次发送「签到码 ${m.id}」。${notYet}`,
    );
  },
});

/** 代签 of one person: the line said of them; a refusal is thrown (its hint naming 代签, not 签到). */
async function proxyOne(ctx: CommandContext, tree: UnitTree, target: Mention, id: number | null): Promise<string> {
  const member = await findInScope(ctx.db, tree, ctx.sender, target);
  let r: MeetingAndMine;
  try {
    r =
      id !== null
        ? await numberedMeeting(ctx.db, tree, placeOf(ctx), id, member.id)
        : await pickOpenMeeting(ctx.db, tree, chatUnit(ctx, tree), member, ctx.now);
  } catch (err) {
    // Several meetings open: 代签 asks for the number in its own words (签到's hint would say 签到 <编号>).
    if (!(err instanceof DomainError) || err.code !== 'checkin.several_open') throw err;
    const { meetings, zone } = err.params as MeetingsErrors['checkin.several_open'];
    const open = meetings.map((m) => meetingLabel(m, zone)).join('\n');
    throw new CommandError(`现在有 ${meetings.length} 场会议在签到：\n${open}\n请发送：代签 @${member.name} <编号>`);
  }
  checkManager(tree, ctx.sender, placeOf(ctx), r.meeting);
  const tz = tzOf(tree, r.meeting.unitId);
  const out = proxyCheckIn(ctx.work, tree, r, member, ctx.sender);
  if (out.already) return `${member.name} 已签到（${hhmm(out.at, tz)}），无需代签。`;
  ctx.audit('attendance.proxy', { unitId: r.meeting.unitId, target: member.id, detail: { meetingId: r.meeting.id } });
  return `已为 ${member.name} 代签（会议 #${r.meeting.id}${out.guest ? '，列席，不计入应到人数' : ''}）。`;
}

export const proxyCommand = defineCommand({
  name: '代签',
  aliases: ['proxy'],
  group: '会议',
  summary: `为没有手机的成员代为签到（可一次 @ 几位；记为代签；不能为自己代签，会后 ${MAKEUP_DEADLINE_DAYS} 天内有效）`,
  example: '代签 @李大爷 12',
  roles: OFFICERS,
  args: [mentions('targets'), orNull(meetingId('id', '编号'))],
  async run(ctx, args) {
    const tree = await ctx.tree();
    if (args.targets.length === 1) return ctx.reply(await proxyOne(ctx, tree, args.targets[0]!, args.id));
    // Several people: each is signed, or told why not, on a line of their own.
    const lines: string[] = [];
    for (const target of args.targets) {
      try {
        lines.push(await proxyOne(ctx, tree, target, args.id));
      } catch (err) {
        const text =
          err instanceof CommandError
            ? err.userMessage
            : err instanceof DomainError
              ? ctx.deps.registry.renderError(err)
              : null;
        if (text === null) throw err;
        lines.push(`${target.name.replace(/^@/, '')}：${text}`);
      }
    }
    ctx.reply(lines.join('\n'));
  },
});
