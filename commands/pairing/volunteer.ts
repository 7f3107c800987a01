import { z } from 'zod';
import { rest, word, written } from '../../src/command/args.js';
import { defineCommand } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { OFFICERS, REGISTERED } from '../../src/contracts/roles.js';
import { householdIfReadable, householdViewer } from '../../src/services/pairing/access.js';
import { enqueueToActor } from '../../src/services/pairing/actors.js';
import { loadNeed } from '../../src/services/pairing/needs.js';
import { acceptNeed } from '../../src/services/pairing/pairings.js';
import {
  CONFIRM_ABOVE_HOURS,
  confirmersOf,
  confirmService,
  logService,
  MAX_SERVICE_CONTENT_CHARS,
} from '../../src/services/pairing/service-log.js';
import { skillMask, typesOf } from '../../src/services/pairing/skills.js';
import { saveVolunteer, volunteerMemberId } from '../../src/services/pairing/volunteers.js';
import { needId, serviceId, tail } from './args.js';
import { sendHouseholdCard } from './household.js';
import { parseHours, parseProfile, tailWords } from './parse.js';
import { PARSE_TEXT, REPLY, SERVICE_RULE } from './replies.js';

const GROUP = '结对帮扶';

export const volunteerCommand = defineCommand({
  name: '志愿者',
  aliases: ['volunteer'],
  group: GROUP,
  summary: '登记或更新志愿者信息：专长、片区、空闲时间',
  example: '志愿者 护理,买菜 阳光小区 周末',
  roles: REGISTERED,
  args: [word('skills', '专长,...', z.string().min(1).max(200)), tail('extra', ['片区', '空闲时间'])],
  async run(ctx, args) {
    const id = volunteerMemberId(ctx.sender);
    const profile = parseProfile(args.skills, tailWords(args.extra));
    saveVolunteer(ctx.work, id, profile);
    ctx.reply(REPLY.volunteer(ctx.sender.name, profile, typesOf(skillMask(profile.skills))));
  },
});

export const acceptCommand = defineCommand({
  name: '接单',
  aliases: ['accept'],
  group: GROUP,
  summary: '接受派给你的结对需求（接单后私聊发你住户联系方式）',
  example: '接单 12',
  roles: REGISTERED,
  args: [needId()],
  async run(ctx, args) {
    const need = await loadNeed(ctx.db, args.id);
    const creator = acceptNeed(ctx.work, await ctx.tree(), ctx.sender, need);
    ctx.reply(REPLY.accepted(ctx.sender.name, need));
    await enqueueToActor(ctx.work, creator, {
      kind: 'pairing.accepted',
      ref: `${need.id}:${need.version + 1}`,
      text: REPLY.acceptedMessage(ctx.sender.name, need),
    });
    // Accepting must not fail because the card cannot be shown; it says why privately instead.
    await sendHouseholdCard(ctx, need, 'accept', true);
  },
});

export const householdCommand = defineCommand({
  name: '住户',
  aliases: ['household'],
  group: GROUP,
  summary: '私聊查看住户联系方式（仅接单志愿者和本组织书记、委员；每次查看都会记录）',
  example: '住户 12',
  roles: REGISTERED,
  chat: 'direct',
  args: [needId()],
  async run(ctx, args) {
    const need = await loadNeed(ctx.db, args.id);
    const viewer = householdViewer(ctx.sender, await ctx.tree(), need);
    await sendHouseholdCard(ctx, need, viewer);
  },
});

export const logCommand = defineCommand({
  name: '服务',
  aliases: ['log'],
  group: GROUP,
  summary: `记录一次走访或服务：时长和内容（${SERVICE_RULE}）`,
  example: '服务 12 1.5小时 陪同就医',
  roles: REGISTERED,
  args: [
    needId(),
    word('duration', '时长'),
    written(
      rest(
        'content',
        '内容',
        z.string().min(1).max(MAX_SERVICE_CONTENT_CHARS, `内容最多 ${MAX_SERVICE_CONTENT_CHARS} 个字`),
      ),
    ),
  ],
  async run(ctx, args) {
    const hours = parseHours(args.duration);
    if (hours === null) throw new CommandError(PARSE_TEXT.hours(args.duration));
    const need = await loadNeed(ctx.db, args.id);
    const household = need.volunteerId ? await householdIfReadable(ctx.deps.config, need) : undefined;
    const entry = { hours, content: args.content };
    const logged = await logService(ctx.work, await ctx.tree(), ctx.sender, need, entry, household);
    let notified = 0;
    if (logged.pending) {
      for (const memberId of await confirmersOf(ctx.db, need, need.volunteerId!)) {
        const sent = await enqueueToActor(
          ctx.work,
          { memberId, identity: null },
          {
            kind: 'pairing.confirm_service',
            ref: String(logged.id),
            text: REPLY.confirmNeeded(ctx.sender.name, need, logged),
          },
        );
        if (sent) notified++;
      }
    }
    ctx.reply(REPLY.logged(need.id, { ...logged, notified: notified > 0 }));
  },
});

export const confirmServiceCommand = defineCommand({
  name: '确认服务',
  aliases: ['confirm-service'],
  group: GROUP,
  summary: `确认一条超过 ${CONFIRM_ABOVE_HOURS} 小时的服务记录，确认后才计入服务时长`,
  example: '确认服务 3',
  roles: OFFICERS,
  args: [serviceId()],
  async run(ctx, args) {
    const done = await confirmService(ctx.work, await ctx.tree(), ctx.sender, args.id);
    ctx.reply(REPLY.serviceConfirmed(done.id, done.hours, done.need));
    await enqueueToActor(
      ctx.work,
      { memberId: done.volunteerId, identity: null },
      {
        kind: 'pairing.service_confirmed',
        ref: String(done.id),
        text: REPLY.serviceConfirmedMessage(done.id, done.hours, done.need, ctx.sender.name),
      },
    );
  },
});
