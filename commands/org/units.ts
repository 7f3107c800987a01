import { optional, word } from '../../src/command/args.js';
import type { CommandContext } from '../../src/command/context.js';
import { defineCommand, type CommandDef } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { SECRETARIES } from '../../src/contracts/roles.js';
import { createKeyring } from '../../src/services/crypto.js';
import { bindChat, unbindChat } from '../../src/services/org/bindings.js';
import { bindRobot } from '../../src/services/org/robots.js';
import { createUnit, requireUnit } from '../../src/services/org/unit-admin.js';
import { bindTextArg, checkUnitName, optionalUnitName, unitName } from './args.js';
import {
  BAD_ROBOT_KEY,
  bindInDirectText,
  boundText,
  NO_ROBOT_DATA_KEY,
  ROBOT_USAGE,
  ROBOT_WORD,
  robotBoundText,
  robotsUnsupported,
  unboundText,
  unitCreatedText,
} from './texts.js';

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

/** `<组织> 群机器人 <key>` as typed after 绑定 in a direct chat; null when it is not that form. */
const BIND_TEXT = bindTextArg('unit', '组织名称');

const ROBOT_FORM = new RegExp(`^(.+?)\\s+${ROBOT_WORD}\\s+(\\S+)$`);

/**
 * 绑定 <组织> 群机器人 <key>, in a direct chat (the key is a credential: never typed into a
 * group): a send-only group robot of this platform is bound to the unit, its key sealed.
 */
async function bindRobotChat(ctx: CommandContext, typed: string): Promise<void> {
  const form = ROBOT_FORM.exec(typed);
  const platform = ctx.deps.platforms.get(ctx.msg.platform);
  // Not the robot form: the command is allowed here, so this is a usage answer, not a chat-type refusal.
  if (!form) {
    const robots = !!platform?.groupRobot;
    throw new CommandError(bindInDirectText(robots), robots ? ROBOT_USAGE : undefined);
  }
  if (!platform?.groupRobot) throw new CommandError(robotsUnsupported(platform?.label ?? ctx.msg.platform));
  const robot = platform.groupRobot.read(form[2]!);
  if (!robot) throw new CommandError(BAD_ROBOT_KEY, ROBOT_USAGE);
  const ring = await createKeyring(ctx.deps.config.PIONEER_DATA_KEY);
  if (!ring) throw new CommandError(NO_ROBOT_DATA_KEY);
  const tree = await ctx.tree();
  const unitName = form[1]!.trim();
  checkUnitName(bindCommand, BIND_TEXT, unitName);
  const unit = requireUnit(tree, unitName);
  const chatName = `${ROBOT_WORD} ${robot.chatId.slice(-6)}`;
  await bindRobot(ctx.work, tree, ctx.sender, { platform: ctx.msg.platform, ...robot, chatName }, unit, ring);
  ctx.audit('chat.bind', { unitId: unit.id, target: robot.chatId, detail: { chatName, robot: true } });
  ctx.reply(robotBoundText(unit));
}

export const bindCommand = defineCommand({
  name: '绑定',
  aliases: ['bind'],
  group: '组织',
  summary: '把本群绑定到一个组织，通知和提醒发到绑定的群；私聊「绑定 <组织> 群机器人 <key>」绑定群机器人',
  example: '绑定 第一支部',
  roles: SECRETARIES,
  args: [BIND_TEXT],
  async run(ctx, args) {
    if (ctx.msg.chatType === 'direct') return bindRobotChat(ctx, args.unit);
    checkUnitName(bindCommand, BIND_TEXT, args.unit);
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
