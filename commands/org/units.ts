import { optional, word } from '../../src/command/args.js';
import { defineCommand, type CommandDef } from '../../src/command/define.js';
import { SECRETARIES } from '../../src/contracts/roles.js';
import { bindChat, unbindChat } from '../../src/services/org/bindings.js';
import { createUnit, requireUnit } from '../../src/services/org/unit-admin.js';
import { checkUnitName, optionalUnitName, unitName, unitNameRest } from './args.js';
import { boundText, unboundText, unitCreatedText } from './texts.js';

// 建组织, 绑定, 解绑: the unit tree and the group chats bound to its units.

const PARENT = optionalUnitName('parent', '上级');

export const orgCommand: CommandDef = defineCommand({
  name: '建组织',
  aliases: ['org'],
  group: '组织',
  summary: '创建党委、总支、支部或小组',
  example: '建组织 第一支部 泰山区某社区党委',
  roles: SECRETARIES,
  args: [unitName('name', '名称'), PARENT, optional(word('type', '类型'))],
  async run(ctx, args) {
    checkUnitName(orgCommand, PARENT, args.parent);
    const tree = await ctx.tree();
    const unit = createUnit(ctx.work, tree, ctx.sender, {
      name: args.name,
      parentName: args.parent,
      typeWord: args.type,
      timeZone: ctx.deps.config.PIONEER_TZ,
    });
    const detail = { type: unit.type, parentId: unit.parentId };
    ctx.audit('unit.create', { unitId: unit.id, target: unit.name, detail });
    ctx.reply(unitCreatedText(unit, tree.get(unit.parentId)));
  },
});

export const bindCommand = defineCommand({
  name: '绑定',
  aliases: ['bind'],
  group: '组织',
  summary: '把本群绑定到一个组织，通知和提醒发到绑定的群',
  example: '绑定 第一支部',
  roles: SECRETARIES,
  chat: 'group',
  args: [unitNameRest('unit', '组织名称')],
  async run(ctx, args) {
    const tree = await ctx.tree();
    const unit = requireUnit(tree, args.unit);
    bindChat(ctx.work, tree, ctx.sender, { ...ctx.msg, current: ctx.binding }, unit);
    ctx.audit('chat.bind', { unitId: unit.id, target: ctx.msg.chatId, detail: { chatName: ctx.msg.chatName } });
    ctx.reply(boundText(unit));
  },
});

export const unbindCommand = defineCommand({
  name: '解绑',
  aliases: ['unbind'],
  group: '组织',
  summary: '解除本群与组织的绑定',
  example: '解绑',
  roles: SECRETARIES,
  chat: 'group',
  args: [],
  async run(ctx) {
    const { unitId, unit } = unbindChat(ctx.work, await ctx.tree(), ctx.sender, ctx.binding);
    ctx.audit('chat.unbind', { unitId, target: ctx.msg.chatId });
    ctx.reply(unboundText(unit));
  },
});
