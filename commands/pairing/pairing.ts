import { z } from 'zod';
import { defineCommand } from '../../src/command/define.js';
import { enqueueToMember } from '../../src/outbox/enqueue.js';
import { CommandError } from '../../src/command/errors.js';
import { OFFICERS, REGISTERED } from '../../src/contracts/roles.js';
import { canManage } from '../../src/services/org/identity.js';
import { clearHousehold } from '../../src/services/pairing/household.js';
import { STATUS_LABEL, transition, type NeedStatus } from '../../src/services/pairing/lifecycle.js';
import { poolUnitIds, suggestVolunteers } from '../../src/services/pairing/matching.js';
import {
  applyTransition,
  createNeed,
  loadNeed,
  MAX_DESCRIPTION_CHARS,
  needSummary,
  needTitle,
  nextNeedId,
  requireActor,
} from '../../src/services/pairing/needs.js';
import { refusePersonalData } from '../../src/services/pairing/privacy.js';
import { parseTimeMask } from '../../src/services/pairing/schedule.js';
import { isNeedType, NEED_TYPES, parseUrgency, type Urgency } from '../../src/services/pairing/skills.js';
import { loadVolunteer, normaliseArea } from '../../src/services/pairing/volunteers.js';
import { findMember } from '../../src/services/org/org.js';
import { beginHousehold, householdIfReadable, needIdSchema } from './household.js';

const GROUP = '结对帮扶';
const NOTE_MAX = 100;

export const needCommand = defineCommand({
  name: '求助',
  aliases: ['need'],
  group: GROUP,
  summary: '登记住户的求助需求（住户姓名、电话、住址只在私聊中登记）',
  usage: '求助 <类型> <描述> [片区] [紧急程度]',
  example: '求助 助老 每周六上午陪同买菜 阳光小区 紧急',
  roles: OFFICERS,
  params: ['type:类型', 'description:描述', 'rest...?:片区和紧急程度'],
  schema: z.object({
    type: z.string().refine(isNeedType, `应为 ${NEED_TYPES.join('、')} 之一`),
    description: z.string().min(2).max(MAX_DESCRIPTION_CHARS, `描述最多 ${MAX_DESCRIPTION_CHARS} 个字`),
    rest: z.string().optional(),
  }),
  async run(ctx, args) {
    refusePersonalData('描述里', args.description);
    let urgency: Urgency = 'normal';
    let timeMask = 0;
    const areaWords: string[] = [];
    for (const word of ctx.command.args.slice(2)) {
      const u = parseUrgency(word);
      const t = u ? null : parseTimeMask(word, { strict: true });
      if (u) urgency = u;
      else if (t !== null) timeMask |= t;
      else areaWords.push(word);
    }
    if (areaWords.length > 1) throw new CommandError(`片区只能写一个：「${areaWords.join('」「')}」。描述里有空格时请用引号括起来。`);
    const tree = await ctx.tree();
    const unitId = ctx.binding?.unitId ?? ctx.sender.member?.unitId;
    if (!unitId) throw new CommandError('请在已绑定组织的群里使用，或先加入一个组织。');
    if (!canManage(ctx.sender, tree, unitId)) throw new CommandError(`你无权为「${tree.get(unitId)?.name ?? '该组织'}」登记需求。`);
    const need = createNeed(ctx.work, {
      id: await nextNeedId(ctx.db),
      unitId,
      type: args.type as (typeof NEED_TYPES)[number],
      description: args.description,
      area: areaWords[0] ? normaliseArea(areaWords[0]) : '',
      urgency,
      timeMask: timeMask || parseTimeMask(args.description) || 0,
      createdBy: ctx.sender.member?.id ?? `${ctx.msg.platform}:${ctx.msg.senderId}`,
    });
    ctx.audit('pairing.need.create', { unitId, target: `need:${need.id}`, detail: { type: need.type, urgency, area: need.area } });
    const privately = ctx.msg.chatType === 'group' ? '住户的姓名、电话、住址请在私聊中登记，不要发在群里，我已私聊你。' : '';
    ctx.reply(`已登记需求 ${needSummary(need)}\n${privately}发送「结对 ${need.id}」查看推荐的志愿者。`);
    await beginHousehold(ctx, need);
  },
});

export const intakeCommand = defineCommand({
  name: '登记住户',
  aliases: ['intake'],
  group: GROUP,
  summary: '私聊登记或继续登记住户的姓名、电话、住址和同意（加密保存）',
  usage: '登记住户 <需求编号> [重填]',
  example: '登记住户 12',
  roles: OFFICERS,
  chat: 'direct',
  params: ['id:需求编号', 'again?:重填'],
  schema: z.object({ id: needIdSchema, again: z.literal('重填', '只能写「重填」').optional() }),
  async run(ctx, args) {
    const need = await loadNeed(ctx.db, args.id);
    requireActor(ctx.sender, await ctx.tree(), need, 'officer');
    if (need.status === 'closed') throw new CommandError(`需求 #${need.id} 已结案。`);
    if (args.again) {
      clearHousehold(ctx.work, need.id);
      ctx.audit('pairing.household.clear', { unitId: need.unitId, target: `need:${need.id}` });
    }
    await beginHousehold(ctx, need, !!args.again);
  },
});

export const matchCommand = defineCommand({
  name: '结对',
  aliases: ['match'],
  group: GROUP,
  summary: '为需求推荐志愿者（同片区、专长对口、在办结对少、时间合适）',
  usage: '结对 <需求编号>',
  example: '结对 12',
  roles: OFFICERS,
  readonly: true,
  params: ['id:需求编号'],
  schema: z.object({ id: needIdSchema }),
  async run(ctx, args) {
    const tree = await ctx.tree();
    const need = await loadNeed(ctx.db, args.id);
    requireActor(ctx.sender, tree, need, 'officer');
    const can = transition(need.status as NeedStatus, 'assign', 'officer');
    if (!can.ok) throw new CommandError(`需求 #${need.id}：${can.message}`);
    const list = await suggestVolunteers(ctx.db, tree, need);
    if (list.length === 0) {
      ctx.reply(`需求 ${needTitle(need)} 暂无可推荐的志愿者。请党员、群众发送「志愿者 <专长> [片区] [空闲时间]」登记。`);
      return;
    }
    const lines = [`需求 ${needSummary(need)}\n推荐志愿者：`];
    list.forEach((s, i) => lines.push(`${i + 1}. ${s.name}（${tree.get(s.unitId)?.name ?? '无组织'}）— ${s.reasons.join('；')}`));
    lines.push(`派单：派单 ${need.id} @${list[0]!.name}`);
    ctx.reply(lines.join('\n'));
  },
});

export const assignCommand = defineCommand({
  name: '派单',
  aliases: ['assign'],
  group: GROUP,
  summary: '把需求派给志愿者，私聊通知对方',
  usage: '派单 <需求编号> @志愿者',
  example: '派单 12 @李四',
  roles: OFFICERS,
  params: ['id:需求编号'],
  schema: z.object({ id: needIdSchema }),
  async run(ctx, args) {
    const tree = await ctx.tree();
    const need = await loadNeed(ctx.db, args.id);
    const mention = ctx.command.mentions[0];
    if (!mention) throw new CommandError('请 @ 要派单的志愿者（或写成 @姓名）。', '派单 <需求编号> @志愿者\n例如：派单 12 @李四');
    const pool = poolUnitIds(tree, need.unitId);
    const member = await findMember(ctx.db, tree, ctx.msg.platform, mention, pool[0] ?? null);
    if (!member.unitId || !pool.includes(member.unitId)) throw new CommandError(`${member.name} 不在本组织体系内，不能派单。`);
    if (!(await loadVolunteer(ctx.db, member.id))) {
      throw new CommandError(`${member.name} 还没有登记志愿者，请对方先发送：志愿者 <专长> [片区] [空闲时间]`);
    }
    applyTransition(ctx.work, tree, ctx.sender, need, 'assign', { patch: { volunteerId: member.id, lastVisitAt: null } });
    ctx.audit('pairing.assign', { unitId: need.unitId, target: `need:${need.id}`, detail: { volunteerId: member.id } });
    const told = await enqueueToMember(ctx.work, member.id, {
      kind: 'pairing.assign',
      ref: `${need.id}:${need.version + 1}`,
      text:
        `【结对派单】${ctx.sender.name} 派给你一个结对需求：\n${needTitle(need, false)}\n${need.description}\n` +
        `请私聊发送「接单 ${need.id}」确认，接单后我会私聊发你住户的联系方式；不能接请发送「解除 ${need.id} 原因」。`,
    });
    ctx.reply(`已把需求 ${needTitle(need, false)} 派给 ${member.name}，${told ? '已私聊通知对方' : '对方没有可私聊的账号，请当面告知'}。`);
  },
});

export const rateCommand = defineCommand({
  name: '评价',
  aliases: ['rate'],
  group: GROUP,
  summary: '记录住户对服务的评价（1-5 分）',
  usage: '评价 <需求编号> <1-5> [意见]',
  example: '评价 12 5 很满意',
  roles: OFFICERS,
  params: ['id:需求编号', 'score:评分', 'comment...?:意见'],
  schema: z.object({
    id: needIdSchema,
    score: z.string().regex(/^[1-5]$/, '应为 1-5 的整数').transform(Number),
    comment: z.string().max(NOTE_MAX, `意见最多 ${NOTE_MAX} 个字`).optional(),
  }),
  async run(ctx, args) {
    const need = await loadNeed(ctx.db, args.id);
    if (args.comment) refusePersonalData('意见里', args.comment, await householdIfReadable(ctx, need));
    applyTransition(ctx.work, await ctx.tree(), ctx.sender, need, 'rate', {
      patch: { rating: args.score, ratingComment: args.comment ?? null },
      note: args.comment ?? null,
    });
    ctx.audit('pairing.rate', { unitId: need.unitId, target: `need:${need.id}`, detail: { score: args.score } });
    ctx.reply(`已记录需求 ${needTitle(need, false)} 的评价：${args.score} 分${args.comment ? `，${args.comment}` : ''}。可发送「结案 ${need.id}」结案。`);
  },
});

export const releaseCommand = defineCommand({
  name: '解除',
  aliases: ['release'],
  group: GROUP,
  summary: '解除结对，需求回到待派单',
  usage: '解除 <需求编号> [原因]',
  example: '解除 12 时间冲突',
  roles: REGISTERED,
  params: ['id:需求编号', 'reason...?:原因'],
  schema: z.object({ id: needIdSchema, reason: z.string().max(NOTE_MAX, `原因最多 ${NOTE_MAX} 个字`).optional() }),
  async run(ctx, args) {
    const need = await loadNeed(ctx.db, args.id);
    if (args.reason) refusePersonalData('原因里', args.reason, await householdIfReadable(ctx, need));
    const volunteerId = need.volunteerId;
    applyTransition(ctx.work, await ctx.tree(), ctx.sender, need, 'release', {
      patch: { volunteerId: null, lastVisitAt: null, rating: null, ratingComment: null },
      note: args.reason ?? null,
    });
    ctx.audit('pairing.release', { unitId: need.unitId, target: `need:${need.id}`, detail: { volunteerId, reason: args.reason ?? null } });
    const other = volunteerId === ctx.sender.member?.id ? need.createdBy : volunteerId;
    if (other) {
      await enqueueToMember(ctx.work, other, {
        kind: 'pairing.release',
        ref: `${need.id}:${need.version + 1}`,
        text: `需求 ${needTitle(need, false)} 的结对已由 ${ctx.sender.name} 解除${args.reason ? `（${args.reason}）` : ''}，需求回到待派单。`,
      });
    }
    ctx.reply(`已解除需求 ${needTitle(need, false)} 的结对，需求回到「${STATUS_LABEL.open}」。`);
  },
});

export const closeCommand = defineCommand({
  name: '结案',
  aliases: ['close'],
  group: GROUP,
  summary: '评价后结案',
  usage: '结案 <需求编号>',
  example: '结案 12',
  roles: OFFICERS,
  params: ['id:需求编号'],
  schema: z.object({ id: needIdSchema }),
  async run(ctx, args) {
    const need = await loadNeed(ctx.db, args.id);
    applyTransition(ctx.work, await ctx.tree(), ctx.sender, need, 'close');
    ctx.audit('pairing.close', { unitId: need.unitId, target: `need:${need.id}` });
    ctx.reply(`需求 ${needTitle(need, false)} 已结案。`);
  },
});
