import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { defineCommand } from '../../src/command/define.js';
import type { CommandContext } from '../../src/command/context.js';
import { members } from '../../src/db/schema.js';
import { enqueueToMember } from '../../src/outbox/enqueue.js';
import { CommandError } from '../../src/command/errors.js';
import { OFFICERS, REGISTERED } from '../../src/contracts/roles.js';
import { CHECKIN_CODE_DIGITS, CHECKIN_CODE_PERIOD_SEC, checkinCode, codeChangesAt, verifyCheckinCode } from '../../src/services/meetings/checkin-code.js';
import {
  MAX_REASON_CHARS,
  checkIn,
  checkinRefusal,
  decideMakeup,
  loadMakeup,
  meetingWithMine,
  requestLeave,
  requestMakeup,
  type MeetingAndMine,
} from '../../src/services/meetings/checkin.js';
import { meetingCoversUnit, unitAndAncestors } from '../../src/services/meetings/scope.js';
import { meetingLabel, phaseOf, requireMeeting, upcomingMeetings, windowOf } from '../../src/services/meetings/meetings.js';
import { findMember } from '../../src/services/org/org.js';
import type { UnitTree } from '../../src/services/org/units.js';
import { formatTime } from '../../src/contracts/time.js';
import { chatUnit, checkChat, checkOfficer, meetingNumber, pickOpenMeeting, requireMember, tzOf } from './common.js';

const hhmm = (d: Date, tz: string) => formatTime(d, tz).split(' ')[1]!;
const CODE_RE = new RegExp(`^\\d{${CHECKIN_CODE_DIGITS}}$`);
const reasonSchema = z.string().min(1).max(MAX_REASON_CHARS, `最多 ${MAX_REASON_CHARS} 个字`);
const idSchema = z.string().refine((s) => meetingNumber(s) !== null, '应为编号（数字）').transform((s) => meetingNumber(s)!);

/** A numbered meeting with the member's row, after checking it may be handled from this chat. */
async function numbered(ctx: CommandContext, tree: UnitTree, id: number, memberId: string): Promise<MeetingAndMine> {
  const r = await meetingWithMine(ctx.db, id, memberId);
  if (!r) throw new CommandError(`没有编号为 ${id} 的会议。`);
  checkChat(ctx, tree, r.meeting);
  return r;
}

export const checkinCommand = defineCommand({
  name: '签到',
  aliases: ['checkin'],
  group: '会议',
  summary: '签到正在进行的会议（开始后签到记为迟到）',
  usage: '签到 [编号] [签到码]',
  example: '签到',
  roles: REGISTERED,
  params: ['a?:编号或签到码', 'b?:签到码'],
  schema: z.object({ a: z.string().optional(), b: z.string().optional() }),
  async run(ctx, args) {
    const member = requireMember(ctx);
    let code: string | null = null;
    let id: number | null = null;
    for (const t of [args.a, args.b].filter((x): x is string => !!x)) {
      if (CODE_RE.test(t) && code === null) code = t;
      else if (meetingNumber(t) !== null && id === null) id = meetingNumber(t);
      else throw new CommandError(`「${t.slice(0, 20)}」既不是会议编号也不是 ${CHECKIN_CODE_DIGITS} 位签到码。`, '签到 [编号] [签到码]\n例如：签到、签到 12、签到 123456');
    }
    const tree = await ctx.tree();
    const r = id !== null ? await numbered(ctx, tree, id, member.id) : await pickOpenMeeting(ctx, tree, chatUnit(ctx, tree), member.id);
    const m = r.meeting;
    const tz = tzOf(tree, m.unitId);
    const refusal = checkinRefusal(m, ctx.now, tz);
    if (refusal) throw new CommandError(refusal);
    if (r.mine?.status === 'present') {
      ctx.reply(`${member.name} 已签到（${hhmm(new Date(r.mine.at), tz)}），无需重复签到。`);
      return;
    }
    if (m.codeSecret) {
      if (!code) throw new CommandError(`会议 #${m.id} 需要签到码，请发送：签到 <${CHECKIN_CODE_DIGITS}位签到码>（签到码在会场出示）。`);
      if (!(await verifyCheckinCode(m.codeSecret, code, ctx.now))) throw new CommandError('签到码不对或已过期，请以会场出示的最新签到码为准。');
    }
    const out = checkIn(ctx.work, tree, r, member, { tz, method: 'self' });
    const notes = [`会议 #${m.id}`];
    if (out.late) notes.push(`迟到 ${out.lateMinutes} 分钟`);
    if (out.guest) notes.push('列席，不计入应到人数');
    if (r.mine?.status === 'leave') notes.push('已撤销请假');
    ctx.reply(`${member.name} 签到成功（${notes.join('，')}）`);
  },
});

export const codeCommand = defineCommand({
  name: '签到码',
  aliases: ['code'],
  group: '会议',
  summary: `查看会议当前的签到码（每 ${CHECKIN_CODE_PERIOD_SEC} 秒更新，私信发给你）`,
  usage: '签到码 [编号]',
  example: '签到码 12',
  roles: OFFICERS,
  readonly: true,
  params: ['id?:编号'],
  schema: z.object({ id: idSchema.optional() }),
  async run(ctx, args) {
    const tree = await ctx.tree();
    let m;
    if (args.id !== undefined) m = await requireMeeting(ctx.db, args.id);
    else {
      const base = chatUnit(ctx, tree);
      const list = await upcomingMeetings(ctx.db, unitAndAncestors(tree, base.id), ctx.now);
      m = list.find((x) => x.codeSecret && (x.unitId === base.id || meetingCoversUnit(tree, x, base.id)));
      if (!m) throw new CommandError(`「${base.name}」近期没有需要签到码的会议。`);
    }
    checkOfficer(ctx, tree, m);
    const tz = tzOf(tree, m.unitId);
    if (!m.codeSecret) throw new CommandError(`会议 #${m.id} 不需要签到码（可发送「会议设置 ${m.id} 签到码 开」开启）。`);
    const phase = phaseOf(m, ctx.now);
    if (phase === 'cancelled' || phase === 'closed') throw new CommandError(`会议 #${m.id} ${phase === 'cancelled' ? '已取消' : '的签到已结束'}。`);
    const code = await checkinCode(m.codeSecret, ctx.now);
    const until = codeChangesAt(ctx.now);
    const notYet = phase === 'before' ? `\n（签到 ${formatTime(windowOf(m).opensAt, tz)} 才开始，届时请重新获取）` : '';
    if (ctx.msg.chatType === 'group') ctx.reply('签到码已私信发给你，请在会场出示。');
    ctx.replyDirect(
      `${meetingLabel(m, tz)} 签到码：${code}\n${hhmm(until, tz)} 前有效（之后 1 分钟内仍可使用），每 ${CHECKIN_CODE_PERIOD_SEC} 秒更新，需要时再次发送「签到码 ${m.id}」。${notYet}`,
    );
  },
});

export const leaveCommand = defineCommand({
  name: '请假',
  aliases: ['leave'],
  group: '会议',
  summary: '会议开始前请假',
  usage: '请假 [编号] <原因>',
  example: '请假 12 外出就医',
  roles: REGISTERED,
  params: ['words...:原因'],
  schema: z.object({ words: z.string() }),
  async run(ctx, args) {
    const member = requireMember(ctx);
    const [first, ...rest] = args.words.split(' ');
    const id = meetingNumber(first);
    const reason = (id !== null ? rest.join(' ') : args.words).trim();
    const parsed = reasonSchema.safeParse(reason);
    if (!parsed.success) throw new CommandError(reason ? `原因最多 ${MAX_REASON_CHARS} 个字。` : '请写明请假原因。', '请假 [编号] <原因>\n例如：请假 12 外出就医');
    const tree = await ctx.tree();
    let r: MeetingAndMine;
    if (id !== null) r = await numbered(ctx, tree, id, member.id);
    else {
      const base = chatUnit(ctx, tree);
      const next = (await upcomingMeetings(ctx.db, unitAndAncestors(tree, base.id), ctx.now)).find(
        (m) => m.startsAt > ctx.now.getTime() && (m.unitId === base.id || meetingCoversUnit(tree, m, base.id)),
      );
      if (!next) throw new CommandError(`「${base.name}」近期没有尚未开始的会议。`);
      r = (await meetingWithMine(ctx.db, next.id, member.id))!;
    }
    const tz = tzOf(tree, r.meeting.unitId);
    requestLeave(ctx.work, r, member.id, parsed.data, tz);
    ctx.reply(`${member.name} 已请假：${meetingLabel(r.meeting, tz)}（原因：${parsed.data}）`);
  },
});

export const makeupCommand = defineCommand({
  name: '补签',
  aliases: ['makeup'],
  group: '会议',
  summary: '签到结束后申请补签（需书记或委员批准）',
  usage: '补签 <编号> <原因>',
  example: '补签 12 手机没电，实际按时参会',
  roles: REGISTERED,
  params: ['id:编号', 'reason...:原因'],
  schema: z.object({ id: idSchema, reason: reasonSchema }),
  async run(ctx, args) {
    const member = requireMember(ctx);
    const tree = await ctx.tree();
    const r = await numbered(ctx, tree, args.id, member.id);
    const no = await requestMakeup(ctx.work, r, member.id, args.reason, tzOf(tree, r.meeting.unitId));
    ctx.reply(`${member.name} 的补签申请已提交，申请号 ${no}（会议 #${r.meeting.id}），请等待书记或委员审批。`);
  },
});

function decision(approve: boolean) {
  return defineCommand({
    name: approve ? '批准' : '驳回',
    aliases: [approve ? 'approve' : 'reject'],
    group: '会议',
    summary: approve ? '批准补签申请（记为实到、补签）' : '驳回补签申请',
    usage: approve ? '批准 <申请号>' : '驳回 <申请号> [原因]',
    example: approve ? '批准 5' : '驳回 5 当天未见到本人',
    roles: OFFICERS,
    params: ['id:申请号', 'note...?:原因'],
    schema: z.object({ id: idSchema, note: reasonSchema.optional() }),
    async run(ctx, args) {
      const tree = await ctx.tree();
      const req = await loadMakeup(ctx.db, args.id);
      if (!req) throw new CommandError(`没有申请号为 ${args.id} 的补签申请。`);
      const m = await requireMeeting(ctx.db, req.meetingId);
      checkOfficer(ctx, tree, m);
      if (req.memberId === ctx.sender.member?.id && ctx.sender.role !== 'admin') throw new CommandError('不能审批自己的补签申请，请由其他书记、委员或管理员处理。');
      await decideMakeup(ctx.work, req, approve, ctx.sender.member?.id ?? null, args.note ?? null);
      const tz = tzOf(tree, m.unitId);
      const verdict = approve ? '已批准，记为实到（补签）' : `被驳回${args.note ? `，原因：${args.note}` : ''}`;
      const told = await enqueueToMember(
        ctx.work,
        req.memberId,
        { kind: 'makeup.decision', ref: String(req.id), text: `你对 ${meetingLabel(m, tz)} 的补签申请（申请号 ${req.id}）${verdict}。` },
        ctx.msg.platform,
      );
      ctx.audit(approve ? 'makeup.approve' : 'makeup.reject', { unitId: m.unitId, target: String(req.id), detail: { memberId: req.memberId, note: args.note } });
      const [who] = await ctx.db.select({ name: members.name }).from(members).where(eq(members.id, req.memberId)).limit(1);
      ctx.reply(`${who?.name ?? ''} 的补签申请 ${req.id}（会议 #${m.id}）${approve ? '已批准' : '已驳回'}。${told ? '已通知本人。' : '本人没有可通知的账号，请另行告知。'}`);
    },
  });
}

export const approveCommand = decision(true);
export const rejectCommand = decision(false);

export const proxyCommand = defineCommand({
  name: '代签',
  aliases: ['proxy'],
  group: '会议',
  summary: '为没有手机的成员代为签到（记为代签）',
  usage: '代签 @某人 [编号]',
  example: '代签 @李大爷 12',
  roles: OFFICERS,
  params: ['id?:编号'],
  schema: z.object({ id: idSchema.optional() }),
  async run(ctx, args) {
    const target = ctx.command.mentions[0];
    if (!target) throw new CommandError('请 @ 要代签的成员（或写 @姓名）。', '代签 @某人 [编号]\n例如：代签 @李大爷 12');
    const tree = await ctx.tree();
    const scope = ctx.sender.role === 'admin' ? null : (ctx.sender.member?.unitId ?? null);
    const member = await findMember(ctx.db, tree, ctx.msg.platform, target, scope);
    const r = args.id !== undefined ? await numbered(ctx, tree, args.id, member.id) : await pickOpenMeeting(ctx, tree, chatUnit(ctx, tree), member.id);
    checkOfficer(ctx, tree, r.meeting);
    const tz = tzOf(tree, r.meeting.unitId);
    const out = checkIn(ctx.work, tree, r, member, { tz, method: 'proxy', byMemberId: ctx.sender.member?.id ?? null });
    if (out.already) {
      ctx.reply(`${member.name} 已签到（${hhmm(out.at, tz)}），无需代签。`);
      return;
    }
    ctx.audit('attendance.proxy', { unitId: r.meeting.unitId, target: member.id, detail: { meetingId: r.meeting.id } });
    ctx.reply(`已为 ${member.name} 代签（会议 #${r.meeting.id}${out.guest ? '，列席，不计入应到人数' : ''}）。`);
  },
});
