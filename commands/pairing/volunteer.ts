import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineCommand } from '../../src/command/define.js';
import type { CommandContext } from '../../src/command/context.js';
import { serviceLogs } from '../../src/db/schema.js';
import { enqueueToMember } from '../../src/outbox/enqueue.js';
import { CommandError } from '../../src/command/errors.js';
import { REGISTERED } from '../../src/contracts/roles.js';
import { actorsFor, applyTransition, loadNeed, needTitle } from '../../src/services/pairing/needs.js';
import { refusePersonalData } from '../../src/services/pairing/privacy.js';
import { formatTimeMask } from '../../src/services/pairing/schedule.js';
import { addServiceLog, formatHours, MAX_SERVICE_CONTENT_CHARS, parseHours } from '../../src/services/pairing/service-log.js';
import { skillMask, typesOf } from '../../src/services/pairing/skills.js';
import { parseProfile, saveVolunteer } from '../../src/services/pairing/volunteers.js';
import { householdIfReadable, needIdSchema, sendHouseholdCard } from './household.js';

const GROUP = '结对帮扶';

function memberId(ctx: CommandContext): string {
  const id = ctx.sender.member?.id;
  if (!id) throw new CommandError('请先用邀请码加入组织：加入 <邀请码> <姓名>');
  return id;
}

export const volunteerCommand = defineCommand({
  name: '志愿者',
  aliases: ['volunteer'],
  group: GROUP,
  summary: '登记或更新志愿者信息：专长、片区、空闲时间',
  usage: '志愿者 <专长,...> [片区] [空闲时间]',
  example: '志愿者 护理,买菜 阳光小区 周末',
  roles: REGISTERED,
  params: ['skills:专长', 'rest...?:片区和空闲时间'],
  schema: z.object({ skills: z.string().min(1).max(200), rest: z.string().optional() }),
  async run(ctx, args) {
    const id = memberId(ctx);
    const rest = ctx.command.args.slice(1).filter((t) => !t.startsWith('@'));
    const profile = parseProfile(args.skills, rest);
    saveVolunteer(ctx.work, id, profile);
    const fits = typesOf(skillMask(profile.skills)).join('、');
    ctx.reply(
      `已登记志愿者 ${ctx.sender.name}：专长 ${profile.skills.join('、')}（适合：${fits}），` +
        `片区 ${profile.area || '未填'}，空闲 ${profile.freeMask ? formatTimeMask(profile.freeMask) : '未填'}。有派单时我会私聊通知你。`,
    );
  },
});

export const acceptCommand = defineCommand({
  name: '接单',
  aliases: ['accept'],
  group: GROUP,
  summary: '接受派给你的结对需求（接单后私聊发你住户联系方式）',
  usage: '接单 <需求编号>',
  example: '接单 12',
  roles: REGISTERED,
  params: ['id:需求编号'],
  schema: z.object({ id: needIdSchema }),
  async run(ctx, args) {
    const need = await loadNeed(ctx.db, args.id);
    applyTransition(ctx.work, await ctx.tree(), ctx.sender, need, 'accept');
    ctx.reply(`${ctx.sender.name} 已接单需求 ${needTitle(need, false)}。服务后请发送：服务 ${need.id} <时长> <内容>`);
    await enqueueToMember(ctx.work, need.createdBy, {
      kind: 'pairing.accepted',
      ref: `${need.id}:${need.version + 1}`,
      text: `志愿者 ${ctx.sender.name} 已接单需求 ${needTitle(need, false)}。`,
    });
    try {
      await sendHouseholdCard(ctx, need, 'accept');
    } catch (err) {
      // Accepting must not fail because the card cannot be shown; say why privately instead.
      if (!(err instanceof CommandError)) throw err;
      ctx.replyDirect(err.userMessage);
    }
  },
});

export const householdCommand = defineCommand({
  name: '住户',
  aliases: ['household'],
  group: GROUP,
  summary: '私聊查看住户联系方式（仅接单志愿者和本组织书记、委员；每次查看都会记录）',
  usage: '住户 <需求编号>',
  example: '住户 12',
  roles: REGISTERED,
  chat: 'direct',
  params: ['id:需求编号'],
  schema: z.object({ id: needIdSchema }),
  async run(ctx, args) {
    const need = await loadNeed(ctx.db, args.id);
    const actors = actorsFor(ctx.sender, await ctx.tree(), need);
    const volunteerMayView = need.status === 'accepted' || need.status === 'in_service' || need.status === 'rated';
    if (!actors.includes('officer')) {
      if (!actors.includes('volunteer')) {
        throw new CommandError(`你无权查看需求 #${need.id} 的住户信息：只有接单的志愿者和本组织书记、委员可以查看。`);
      }
      if (!volunteerMayView) throw new CommandError(`请先发送「接单 ${need.id}」，接单后可以查看住户信息。`);
    }
    await sendHouseholdCard(ctx, need, actors.includes('officer') ? 'officer' : 'volunteer');
  },
});

export const logCommand = defineCommand({
  name: '服务',
  aliases: ['log'],
  group: GROUP,
  summary: '记录一次走访或服务：时长和内容',
  usage: '服务 <需求编号> <时长> <内容>',
  example: '服务 12 1.5小时 陪同就医',
  roles: REGISTERED,
  params: ['id:需求编号', 'duration:时长', 'content...:内容'],
  schema: z.object({
    id: needIdSchema,
    duration: z.string(),
    content: z.string().min(1).max(MAX_SERVICE_CONTENT_CHARS, `内容最多 ${MAX_SERVICE_CONTENT_CHARS} 个字`),
  }),
  async run(ctx, args) {
    const hours = parseHours(args.duration);
    if (hours === null) throw new CommandError(`时长「${args.duration.slice(0, 10)}」看不懂，例如：1.5小时、90分钟、半小时（不超过24小时）。`);
    const need = await loadNeed(ctx.db, args.id);
    if (!need.volunteerId) throw new CommandError(`需求 #${need.id} 还没有派单，不能记录服务。`);
    refusePersonalData('服务内容', args.content, await householdIfReadable(ctx, need));
    applyTransition(ctx.work, await ctx.tree(), ctx.sender, need, 'log', { patch: { lastVisitAt: ctx.now.getTime() } });
    addServiceLog(ctx.work, { needId: need.id, volunteerId: need.volunteerId, hours, content: args.content, loggedBy: ctx.sender.member?.id ?? ctx.sender.userId });
    const [total] = await ctx.db
      .select({ visits: sql<number>`count(*)`, hours: sql<number | null>`sum(${serviceLogs.hours})` })
      .from(serviceLogs)
      .where(and(eq(serviceLogs.needId, need.id), eq(serviceLogs.volunteerId, need.volunteerId)));
    const visits = Number(total?.visits ?? 0) + 1;
    const sum = Number(total?.hours ?? 0) + hours;
    ctx.reply(`已记录需求 #${need.id} 的服务：${formatHours(hours)}，${args.content}。本结对累计 ${visits} 次、${formatHours(sum)}。`);
  },
});
