import { z } from 'zod';
import { defineCommand } from '../../src/command/define.js';
import type { CommandContext } from '../../src/command/context.js';
import { CommandError } from '../../src/command/errors.js';
import { EVERYONE, OFFICERS, SECRETARIES, TITLES, titleOf } from '../../src/contracts/roles.js';
import { identityKey } from '../../src/services/org/identity.js';
import {
  INVITE_TTL_DAYS,
  MAX_MEMBER_NAME_CHARS,
  MAX_UNIT_NAME_CHARS,
  appoint,
  bindChat,
  createInvite,
  createUnit,
  findMember,
  joinWithInvite,
  requireUnit,
  roster,
  unbindChat,
} from '../../src/services/org/org.js';
import { pairingMeLines } from '../pairing/texts.js';
import { memberQuarter } from '../../src/services/meetings/quarter.js';
import { UNIT_TYPE_LABEL, type Unit } from '../../src/services/org/units.js';
import { formatTime } from '../../src/contracts/time.js';

const unitName = z.string().min(1).max(MAX_UNIT_NAME_CHARS, `名称最多 ${MAX_UNIT_NAME_CHARS} 个字`);
const titleWord = z.string().refine((t) => t in TITLES, `应为 ${Object.keys(TITLES).join('、')} 之一`);

/** The unit a command acts on: named, else the chat's bound unit, else the sender's own. */
async function targetUnit(ctx: CommandContext, name: string | undefined): Promise<Unit> {
  const tree = await ctx.tree();
  if (name) return requireUnit(tree, name);
  const id = ctx.binding?.unitId ?? ctx.sender.member?.unitId;
  const unit = tree.get(id);
  if (!unit) throw new CommandError('请指明组织名称，或在已绑定的群里使用。');
  return unit;
}

export const orgCommand = defineCommand({
  name: '建组织',
  aliases: ['org'],
  group: '组织',
  summary: '创建党委、总支、支部或小组',
  usage: '建组织 <名称> [上级] [类型]',
  example: '建组织 第一支部 泰山区某社区党委',
  roles: SECRETARIES,
  params: ['name:名称', 'parent?:上级', 'type?:类型'],
  schema: z.object({ name: unitName, parent: unitName.optional(), type: z.string().optional() }),
  async run(ctx, args) {
    const tree = await ctx.tree();
    const unit = createUnit(ctx.work, tree, ctx.sender, {
      name: args.name,
      parentName: args.parent,
      typeWord: args.type,
      timeZone: ctx.deps.config.PIONEER_TZ,
    });
    ctx.audit('unit.create', { unitId: unit.id, target: unit.name, detail: { type: unit.type, parentId: unit.parentId } });
    const parent = tree.get(unit.parentId);
    ctx.reply(`已创建${UNIT_TYPE_LABEL[unit.type]}「${unit.name}」${parent ? `，上级：${parent.name}` : '（顶层组织）'}。`);
  },
});

export const bindCommand = defineCommand({
  name: '绑定',
  aliases: ['bind'],
  group: '组织',
  summary: '把本群绑定到一个组织，通知和提醒发到绑定的群',
  usage: '绑定 <组织名称>',
  example: '绑定 第一支部',
  roles: SECRETARIES,
  chat: 'group',
  params: ['unit...:组织名称'],
  schema: z.object({ unit: unitName }),
  async run(ctx, args) {
    const tree = await ctx.tree();
    const unit = requireUnit(tree, args.unit);
    bindChat(ctx.work, tree, ctx.sender, { ...ctx.msg, current: ctx.binding }, unit);
    ctx.audit('chat.bind', { unitId: unit.id, target: ctx.msg.chatId, detail: { chatName: ctx.msg.chatName } });
    ctx.reply(`本群已绑定到「${unit.name}」，该组织的通知和会议提醒将发到这里。`);
  },
});

export const unbindCommand = defineCommand({
  name: '解绑',
  aliases: ['unbind'],
  group: '组织',
  summary: '解除本群与组织的绑定',
  usage: '解绑',
  example: '解绑',
  roles: SECRETARIES,
  chat: 'group',
  schema: z.object({}),
  async run(ctx) {
    const unit = unbindChat(ctx.work, await ctx.tree(), ctx.sender, ctx.binding);
    ctx.audit('chat.unbind', { unitId: unit.id, target: ctx.msg.chatId });
    ctx.reply(`本群已与「${unit.name}」解除绑定。`);
  },
});

export const inviteCommand = defineCommand({
  name: '邀请',
  aliases: ['invite'],
  group: '组织',
  summary: `生成一次性邀请码（默认角色党员，${INVITE_TTL_DAYS}天有效）`,
  usage: '邀请 [角色] [组织名称]',
  example: '邀请 预备党员',
  roles: SECRETARIES,
  params: ['title?:角色', 'unit?:组织名称'],
  schema: z.object({ title: titleWord.default('党员'), unit: unitName.optional() }),
  async run(ctx, args) {
    const unit = await targetUnit(ctx, args.unit);
    const { code, expiresAt } = createInvite(ctx.work, await ctx.tree(), ctx.sender, unit, args.title);
    ctx.audit('invite.create', { unitId: unit.id, target: code, detail: { title: args.title } });
    ctx.reply(
      `「${unit.name}」邀请码：${code}（角色：${args.title}，一次有效，${formatTime(expiresAt, unit.timeZone)} 前可用）\n` +
        `请对方私聊或在群里发送：加入 ${code} 姓名`,
    );
  },
});

export const joinCommand = defineCommand({
  name: '加入',
  aliases: ['join'],
  group: '常用',
  summary: '用邀请码加入组织',
  usage: '加入 <邀请码> <姓名>',
  example: '加入 K7P2QXMA 张三',
  roles: EVERYONE,
  params: ['code:邀请码', 'name...:姓名'],
  schema: z.object({
    code: z.string().regex(/^[A-Za-z0-9]{4,16}$/, '邀请码由字母和数字组成'),
    name: z
      .string()
      .min(1)
      .max(MAX_MEMBER_NAME_CHARS, `姓名最多 ${MAX_MEMBER_NAME_CHARS} 个字`)
      .refine((n) => !/[@<>]/.test(n), '姓名不能包含 @ < >'),
  }),
  async run(ctx, args) {
    const tree = await ctx.tree();
    const { member, unit } = await joinWithInvite(
      ctx.work,
      tree,
      { platform: ctx.msg.platform, userId: ctx.msg.senderId, displayName: ctx.msg.senderName, existing: ctx.sender.member },
      args,
    );
    ctx.audit('member.join', { unitId: unit.id, target: member.id, detail: { name: member.name, role: member.role, code: args.code.toUpperCase() } });
    ctx.reply(`欢迎 ${member.name} 加入「${unit.name}」，角色：${titleOf(member.role, member.partyStatus)}。发送「帮助」查看可用命令。`);
  },
});

export const membersCommand = defineCommand({
  name: '成员',
  aliases: ['members'],
  group: '组织',
  summary: '查看组织成员名册（角色和身份）',
  usage: '成员 [组织名称]',
  example: '成员 第一支部',
  roles: OFFICERS,
  readonly: true,
  params: ['unit...?:组织名称'],
  schema: z.object({ unit: unitName.optional() }),
  async run(ctx, args) {
    const tree = await ctx.tree();
    const unit = await targetUnit(ctx, args.unit);
    if (!(ctx.sender.role === 'admin' || (ctx.sender.member?.unitId && tree.isWithin(unit.id, ctx.sender.member.unitId)))) {
      throw new CommandError(`你无权查看「${unit.name}」的成员。`);
    }
    const entries = await roster(ctx.db, tree, unit);
    const total = entries.reduce((n, e) => n + e.members.length, 0);
    const lines = [`「${unit.name}」成员 ${total} 人`];
    for (const e of entries) {
      if (entries.length > 1) lines.push(`【${e.unit.name}】${e.members.length} 人`);
      for (const m of e.members) lines.push(`· ${m.name}　${titleOf(m.role, m.partyStatus)}`);
    }
    if (total === 0) lines.push('（暂无成员，可用「邀请」生成邀请码）');
    ctx.reply(lines.join('\n'));
  },
});

export const appointCommand = defineCommand({
  name: '任命',
  aliases: ['appoint'],
  group: '组织',
  summary: '设置成员角色：书记、委员、党员、预备党员、积极分子、群众',
  usage: '任命 @某人 <角色>',
  example: '任命 @张三 委员',
  roles: SECRETARIES,
  params: ['title:角色'],
  schema: z.object({ title: titleWord }),
  async run(ctx, args) {
    const target = ctx.command.mentions[0];
    if (!target) throw new CommandError('请 @ 要任命的成员（或写成 @姓名）。', `任命 @某人 <角色>\n例如：任命 @张三 委员`);
    const tree = await ctx.tree();
    const scope = ctx.sender.role === 'admin' ? null : (ctx.sender.member?.unitId ?? null);
    const member = await findMember(ctx.db, tree, ctx.msg.platform, target, scope);
    const before = titleOf(member.role, member.partyStatus);
    appoint(ctx.work, tree, ctx.sender, member, args.title);
    ctx.audit('member.appoint', { unitId: member.unitId, target: member.id, detail: { from: before, to: args.title } });
    ctx.reply(`已任命 ${member.name} 为${args.title}（原为${before}）。`);
  },
});

export const meCommand = defineCommand({
  name: '我的',
  aliases: ['me'],
  group: '常用',
  summary: '我的组织、角色和本季度考勤',
  usage: '我的',
  example: '我的',
  roles: EVERYONE,
  readonly: true,
  schema: z.object({}),
  async run(ctx) {
    const { sender } = ctx;
    if (!sender.member) {
      ctx.reply(
        sender.role === 'admin'
          ? `你是管理员（${identityKey(sender.platform, sender.userId)}），尚未加入具体组织。`
          : '你还没有加入组织，请向书记索取邀请码后发送：加入 <邀请码> <姓名>',
      );
      return;
    }
    const tree = await ctx.tree();
    const m = sender.member;
    const lines = [
      `${m.name}`,
      `组织：${m.unitId ? tree.path(m.unitId) : '无'}`,
      `角色：${titleOf(m.role, m.partyStatus)}${sender.role === 'admin' ? '（管理员）' : ''}`,
    ];
    if (m.unitId) {
      const { bounds, tally: t } = await memberQuarter(ctx.db, tree, m.id, ctx.now);
      lines.push(`本季度考勤（${bounds.year}年第${bounds.quarter}季度）：实到 ${t.present}/${t.expected}，请假 ${t.leave}，缺席 ${t.absent}`);
    }
    lines.push(...(await pairingMeLines(ctx.db, m.id)));
    ctx.reply(lines.join('\n'));
  },
});

