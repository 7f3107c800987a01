// What the meeting and check-in commands share: which unit a chat speaks for, whether a meeting
// may be handled from this chat, finding the meeting meant when no number is given.
import type { CommandContext } from '../../src/command/context.js';
import { CommandError } from '../../src/command/errors.js';
import type { MemberRecord } from '../../src/services/org/identity.js';
import { canManage } from '../../src/services/org/identity.js';
import { meetingsNear, type MeetingAndMine } from '../../src/services/meetings/checkin.js';
import { meetingCoversUnit, unitAndAncestors } from '../../src/services/meetings/scope.js';
import { meetingLabel, phaseOf, windowOf, type Meeting } from '../../src/services/meetings/meetings.js';
import { findMember } from '../../src/services/org/org.js';
import type { Unit, UnitTree } from '../../src/services/org/units.js';
import { formatTime } from '../../src/contracts/time.js';

/** Default zone for a unit that has vanished. */
export const FALLBACK_TZ = 'Asia/Shanghai';

export function tzOf(tree: UnitTree, unitId: string | null | undefined): string {
  return tree.get(unitId)?.timeZone ?? FALLBACK_TZ;
}

/** A meeting number as typed ("12", "#12", "＃12" after normalisation); null if it is not one. */
export function meetingNumber(token: string | undefined): number | null {
  const m = /^#?(\d{1,6})$/.exec(token ?? '');
  return m ? Number(m[1]) : null;
}

/**
 * The unit a chat speaks for: a group's bound unit; in a direct chat the sender's own unit.
 * Throws a message saying what to do when there is none.
 */
export function chatUnit(ctx: CommandContext, tree: UnitTree): Unit {
  if (ctx.msg.chatType === 'group') {
    const unit = tree.get(ctx.binding?.unitId);
    if (!unit) throw new CommandError('本群尚未绑定组织。请在组织的群里使用，或私聊我并写明会议编号。');
    return unit;
  }
  const unit = tree.get(ctx.sender.member?.unitId);
  if (!unit) throw new CommandError('你还没有所属组织，请写明会议编号，或用「组织:名称」指明组织。');
  return unit;
}

/**
 * In a group, a meeting may be handled only when the group is bound to the meeting's unit (or to
 * a unit the meeting covers, e.g. a 支部 at its 党委's 党课). Direct chats may handle any meeting.
 */
export function checkChat(ctx: CommandContext, tree: UnitTree, m: Pick<Meeting, 'id' | 'unitId' | 'type'>): void {
  if (ctx.msg.chatType !== 'group') return;
  const bound = tree.get(ctx.binding?.unitId);
  const owner = tree.get(m.unitId)?.name ?? '其他组织';
  if (!bound) throw new CommandError(`本群尚未绑定组织，不能在这里处理会议 #${m.id}（属于「${owner}」）。请在「${owner}」的群里，或私聊我操作。`);
  if (bound.id === m.unitId || meetingCoversUnit(tree, m, bound.id)) return;
  throw new CommandError(`会议 #${m.id} 属于「${owner}」，本群绑定的是「${bound.name}」。请在「${owner}」的群里，或私聊我操作。`);
}

/** The chat check plus: the sender manages the meeting's unit. */
export function checkOfficer(ctx: CommandContext, tree: UnitTree, m: Pick<Meeting, 'id' | 'unitId' | 'type'>): void {
  checkChat(ctx, tree, m);
  if (!canManage(ctx.sender, tree, m.unitId)) throw new CommandError(`你无权管理会议 #${m.id}（属于「${tree.get(m.unitId)?.name ?? '其他组织'}」）。`);
}

/** The sender's member record, or a message saying how to get one. */
export function requireMember(ctx: CommandContext): MemberRecord {
  const m = ctx.sender.member;
  if (!m) throw new CommandError('你还没有成员记录，请先用邀请码加入组织：加入 <邀请码> <姓名>');
  return m;
}

/** Resolves "@张三" (a mention or a plain name) to a member the sender may manage. */
export async function resolvePerson(ctx: CommandContext, tree: UnitTree, name: string): Promise<MemberRecord> {
  const clean = name.replace(/^@/, '').trim();
  if (!clean) throw new CommandError('请 @ 一位成员（或写 @姓名）。');
  const mention = ctx.command.mentions.find((m) => m.name === clean) ?? ctx.msg.mentions.find((m) => m.name === clean) ?? { id: '', name: clean };
  const scope = ctx.sender.role === 'admin' ? null : (ctx.sender.member?.unitId ?? null);
  return findMember(ctx.db, tree, ctx.msg.platform, mention, scope);
}

/**
 * The meeting a check-in (or 代签) without a number means: the one of the chat's unit (or of a unit
 * above that covers it) whose window is open now. Explains what is wrong when there is none or several.
 */
export async function pickOpenMeeting(ctx: CommandContext, tree: UnitTree, base: Unit, memberId: string): Promise<MeetingAndMine> {
  const near = await meetingsNear(ctx.db, unitAndAncestors(tree, base.id), memberId, ctx.now);
  const relevant = near
    .filter((x) => x.meeting.unitId === base.id || meetingCoversUnit(tree, x.meeting, base.id))
    .sort((a, b) => a.meeting.startsAt - b.meeting.startsAt);
  const open = relevant.filter((x) => phaseOf(x.meeting, ctx.now) === 'open');
  if (open.length === 1) return open[0]!;
  const tz = base.timeZone;
  if (open.length > 1) {
    // Someone already checked in to one of them most likely means the other.
    const pending = open.filter((x) => x.mine?.status !== 'present');
    if (pending.length === 1) return pending[0]!;
    const list = open.map((x) => meetingLabel(x.meeting, tz)).join('\n');
    throw new CommandError(`现在有 ${open.length} 场会议在签到：\n${list}\n请发送：签到 <编号>`);
  }
  const next = relevant.find((x) => phaseOf(x.meeting, ctx.now) === 'before');
  if (next) {
    const w = windowOf(next.meeting);
    throw new CommandError(`${meetingLabel(next.meeting, tz)} 的签到 ${formatTime(w.opensAt, tz)} 开始，现在还不能签到。`);
  }
  const ended = relevant.filter((x) => phaseOf(x.meeting, ctx.now) === 'closed').pop();
  if (ended) {
    throw new CommandError(
      `${meetingLabel(ended.meeting, tz)} 的签到已于 ${formatTime(windowOf(ended.meeting).closesAt, tz)} 结束。如确实参会，请发送：补签 ${ended.meeting.id} <原因>`,
    );
  }
  throw new CommandError(`「${base.name}」现在没有正在签到的会议。发送「会议列表」查看安排。`);
}
