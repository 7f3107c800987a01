import { z } from 'zod';
import { choice, mention, optional, rest, withDefault, word, written } from '../../src/command/args.js';
import { defineCommand } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { usageLine } from '../../src/command/dispatch.js';
import { OFFICERS, REGISTERED } from '../../src/contracts/roles.js';
import { enqueueToMember } from '../../src/outbox/enqueue.js';
import { householdIfReadable, requireIntake } from '../../src/services/pairing/access.js';
import { actorOf, enqueueToActor } from '../../src/services/pairing/actors.js';
import { suggestVolunteers } from '../../src/services/pairing/matching.js';
import {
  createNeed,
  loadNeed,
  MAX_DESCRIPTION_CHARS,
  nextNeedId,
  requireActor,
  requireTransition,
} from '../../src/services/pairing/needs.js';
import { assignNeed, closeNeed, rateNeed, releaseNeed, volunteerFor } from '../../src/services/pairing/pairings.js';
import { refusePersonalData } from '../../src/services/pairing/privacy.js';
import { needUnitFor } from '../../src/services/pairing/scope.js';
import { NEED_TYPES, type NeedType } from '../../src/services/pairing/skills.js';
import { needId, note, tail } from './args.js';
import { beginHousehold } from './intake.js';
import { parseNeedWords, parseScore, readArea, tailWords } from './parse.js';
import { parseTimeMask } from './time-words.js';
import { PARSE_TEXT, REPLY } from './replies.js';

const GROUP = '结对帮扶';

/** Need types as typed: the words are the stored values. */
const NEED_TYPE_WORDS: ReadonlyMap<string, NeedType> = new Map(NEED_TYPES.map((t) => [t, t]));

export const needCommand = defineCommand({
  name: '求助',
  aliases: ['need'],
  group: GROUP,
  summary: '登记住户的求助需求（住户姓名、电话、住址只在私聊中登记）',
  example: '求助 助老 每周六上午陪同买菜 阳光小区 紧急',
  roles: OFFICERS,
  args: [
    choice('type', '类型', NEED_TYPE_WORDS),
    written(
      word(
        'description',
        '描述',
        z.string().min(2).max(MAX_DESCRIPTION_CHARS, `描述最多 ${MAX_DESCRIPTION_CHARS} 个字`),
      ),
    ),
    tail('extra', ['片区', '紧急程度']),
  ],
  async run(ctx, args) {
    refusePersonalData('description', args.description);
    const words = parseNeedWords(tailWords(args.extra));
    const tree = await ctx.tree();
    const unitId = needUnitFor(ctx.sender, tree, ctx.binding?.unitId ?? null);
    const need = createNeed(ctx.work, {
      id: await nextNeedId(ctx.db),
      unitId,
      type: args.type,
      description: args.description,
      area: words.areaWord ? readArea(words.areaWord) : '',
      urgency: words.urgency,
      timeMask: words.timeMask || parseTimeMask(args.description) || 0,
      creator: actorOf(ctx.sender),
    });
    const detail = { type: need.type, urgency: need.urgency, area: need.area };
    ctx.audit('pairing.need.create', { unitId, target: `need:${need.id}`, detail });
    ctx.reply(REPLY.needCreated(need, ctx.msg.chatType === 'group'));
    await beginHousehold(ctx, need);
  },
});

/** 登记住户's optional word: 重填 starts the data over. */
const AGAIN = z.literal('重填', '只能写「重填」').transform((): boolean => true);

export const intakeCommand = defineCommand({
  name: '登记住户',
  aliases: ['intake'],
  group: GROUP,
  summary: '私聊登记或继续登记住户的姓名、电话、住址和同意（加密保存）',
  example: '登记住户 12',
  roles: OFFICERS,
  chat: 'direct',
  args: [needId(), withDefault(word('again', '重填', AGAIN), false)],
  async run(ctx, args) {
    const need = await loadNeed(ctx.db, args.id);
    requireIntake(ctx.sender, await ctx.tree(), need);
    // 重填 starts a new intake; what is stored stays until the new values are confirmed.
    await beginHousehold(ctx, need, args.again);
  },
});

export const matchCommand = defineCommand({
  name: '结对',
  aliases: ['match'],
  group: GROUP,
  summary: '为需求推荐志愿者（专长对口优先，其次同片区、在办结对少、时间合适）',
  example: '结对 12',
  roles: OFFICERS,
  readonly: true,
  args: [needId()],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const need = await loadNeed(ctx.db, args.id);
    requireActor(ctx.sender, tree, need, 'officer');
    requireTransition(need, 'assign', 'officer');
    const list = await suggestVolunteers(ctx.db, tree, need);
    if (list.length === 0) ctx.reply(REPLY.noSuggestion(need));
    else ctx.reply(REPLY.suggestions(need, list, (id) => tree.get(id)?.name));
  },
});

export const assignCommand = defineCommand({
  name: '派单',
  aliases: ['assign'],
  group: GROUP,
  summary: '把需求派给志愿者，私聊通知对方',
  example: '派单 12 @李四',
  roles: OFFICERS,
  args: [needId(), mention('volunteer', '@志愿者')],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const need = await loadNeed(ctx.db, args.id);
    const member = await volunteerFor(ctx.db, tree, ctx.msg.platform, args.volunteer, need);
    assignNeed(ctx.work, tree, ctx.sender, need, member);
    ctx.audit('pairing.assign', { unitId: need.unitId, target: `need:${need.id}`, detail: { volunteerId: member.id } });
    const told = await enqueueToMember(ctx.work, member.id, {
      kind: 'pairing.assign',
      ref: `${need.id}:${need.version + 1}`,
      text: REPLY.assignMessage(ctx.sender.name, need),
    });
    ctx.reply(REPLY.assigned(need, member.name, told));
  },
});

export const rateCommand = defineCommand({
  name: '评价',
  aliases: ['rate'],
  group: GROUP,
  summary: '记录住户对服务的评价（1-5 分）',
  example: '评价 12 5 很满意',
  roles: OFFICERS,
  // The score is read in `run` so that a wrong one is named 评分 while the usage shows <1-5>.
  args: [needId(), word('score', '1-5'), optional(written(rest('comment', '意见', note('意见'))))],
  async run(ctx, args) {
    const score = parseScore(args.score);
    if (score === null) throw new CommandError(PARSE_TEXT.score(args.score), usageLine(rateCommand));
    const need = await loadNeed(ctx.db, args.id);
    const household = args.comment ? await householdIfReadable(ctx.deps.config, need) : undefined;
    rateNeed(ctx.work, await ctx.tree(), ctx.sender, need, { score, comment: args.comment ?? null }, household);
    ctx.audit('pairing.rate', { unitId: need.unitId, target: `need:${need.id}`, detail: { score } });
    ctx.reply(REPLY.rated(need, score, args.comment));
  },
});

export const releaseCommand = defineCommand({
  name: '解除',
  aliases: ['release'],
  group: GROUP,
  summary: '解除结对，需求回到待派单',
  example: '解除 12 时间冲突',
  roles: REGISTERED,
  args: [needId(), optional(written(rest('reason', '原因', note('原因'))))],
  async run(ctx, args) {
    const need = await loadNeed(ctx.db, args.id);
    const household = args.reason ? await householdIfReadable(ctx.deps.config, need) : undefined;
    const volunteerId = need.volunteerId;
    const other = releaseNeed(ctx.work, await ctx.tree(), ctx.sender, need, args.reason ?? null, household);
    ctx.audit('pairing.release', {
      unitId: need.unitId,
      target: `need:${need.id}`,
      detail: { volunteerId, reason: args.reason ?? null },
    });
    if (other) {
      await enqueueToActor(ctx.work, other, {
        kind: 'pairing.release',
        ref: `${need.id}:${need.version + 1}`,
        text: REPLY.releaseMessage(need, ctx.sender.name, args.reason),
      });
    }
    ctx.reply(REPLY.released(need));
  },
});

export const closeCommand = defineCommand({
  name: '结案',
  aliases: ['close'],
  group: GROUP,
  summary: '评价后结案（住户的姓名、电话、住址随即删除）',
  example: '结案 12',
  roles: OFFICERS,
  args: [needId()],
  async run(ctx, args) {
    const need = await loadNeed(ctx.db, args.id);
    const erased = closeNeed(ctx.work, await ctx.tree(), ctx.sender, need);
    const target = { unitId: need.unitId, target: `need:${need.id}` };
    ctx.audit('pairing.close', target);
    if (erased) ctx.audit('pairing.household.erase', { ...target, detail: { cause: 'closed' } });
    ctx.reply(REPLY.closed(need, erased));
  },
});
