import { mention, optional } from '../../src/command/args.js';
import { defineCommand, type CommandDef } from '../../src/command/define.js';
import { EVERYONE, SECRETARIES } from '../../src/contracts/roles.js';
import { createInvite, INVITE_TTL_DAYS, joinWithInvite, tellIssuer } from '../../src/services/org/invites.js';
import { resolveUnit } from '../../src/services/org/unit-admin.js';
import { checkUnitName, inviteCodeArg, inviteTitleArg, memberNameArg, optionalUnitName } from './args.js';
import { INVITE_SENT_PRIVATELY, inviteSummary, inviteText, inviteUsedText, titleOf, welcomeText } from './texts.js';

// 邀请 and 加入: one-time invite codes and joining with one. A code is a key to a role (a 书记's
// code opens the households of a unit): it goes to the issuer by direct message only, and the
// issuer hears by direct message who used it.

const UNIT = optionalUnitName('unit', '组织名称');

export const inviteCommand: CommandDef = defineCommand({
  name: '邀请',
  aliases: ['invite'],
  group: '组织',
  summary: inviteSummary(INVITE_TTL_DAYS),
  example: '邀请 预备党员',
  roles: SECRETARIES,
  args: [inviteTitleArg('title'), UNIT, optional(mention('for', '@某人'))],
  async run(ctx, args) {
    checkUnitName(inviteCommand, UNIT, args.unit);
    const tree = await ctx.tree();
    const unit = resolveUnit(tree, args.unit, ctx.binding?.unitId ?? ctx.sender.member?.unitId);
    const forWhom = args.for && { platform: ctx.msg.platform, userId: args.for.id, name: args.for.name };
    const { code, expiresAt } = await createInvite(ctx.work, tree, ctx.sender, unit, args.title, forWhom);
    const detail = { title: args.title.word, ...(forWhom ? { for: `${forWhom.platform}:${forWhom.userId}` } : {}) };
    ctx.audit('invite.create', { unitId: unit.id, target: code, detail });
    if (ctx.msg.chatType === 'group') ctx.reply(INVITE_SENT_PRIVATELY);
    ctx.replyDirect(inviteText(unit, code, args.title.word, expiresAt, forWhom?.name));
  },
});

export const joinCommand = defineCommand({
  name: '加入',
  aliases: ['join'],
  group: '常用',
  summary: '用邀请码加入组织',
  example: '加入 K7P2QXMA 张三',
  roles: EVERYONE,
  args: [inviteCodeArg('code'), memberNameArg('name')],
  async run(ctx, args) {
    const { platform, senderId: userId, senderName: displayName } = ctx.msg;
    const who = { platform, userId, displayName, existing: ctx.sender.member };
    const { member, unit, code, issuer } = await joinWithInvite(ctx.work, await ctx.tree(), who, args);
    const detail = { name: member.name, role: member.role, code };
    ctx.audit('member.join', { unitId: unit.id, target: member.id, detail });
    const account = { platform: ctx.deps.platforms.get(platform)?.label ?? platform, userId, displayName };
    const title = titleOf(member.role, member.partyStatus, member.deputy);
    const text = inviteUsedText(unit, code, title, member.name, account);
    await tellIssuer(ctx.work, issuer, { kind: 'invite.used', ref: code, text, unitId: unit.id });
    ctx.reply(welcomeText(member.name, unit, title));
  },
});
