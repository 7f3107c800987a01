import { z } from 'zod';
import { defineCommand, type CommandDef } from '../../src/command/define.js';
import { CommandError } from '../../src/command/errors.js';
import { EVERYONE, OFFICERS } from '../../src/contracts/roles.js';

// Commands registered only in the Lark tests, for showing what the adapter does with names and mentions.

/** Answers with the sender's name as the core sees it. */
export const whoAmICommand = defineCommand({
  name: '我是谁',
  aliases: ['whoami'],
  group: '测试',
  summary: '显示你的名字（测试用）',
  usage: '我是谁',
  example: '我是谁',
  roles: EVERYONE,
  schema: z.object({}),
  async run(ctx) {
    ctx.reply(`你是 ${ctx.sender.name}`);
  },
});

/** Mentions someone in the chat and answers the caller privately. */
export const rollCallCommand = defineCommand({
  name: '点名',
  aliases: ['rollcall'],
  group: '测试',
  summary: '提醒某人（测试用）',
  usage: '点名 @某人',
  example: '点名 @张三',
  roles: OFFICERS,
  schema: z.object({}),
  async run(ctx) {
    const who = ctx.command.mentions[0];
    if (!who?.id) throw new CommandError('请 @ 一个人。');
    ctx.reply(`@${who.name} 请回复收到`, [who]);
    ctx.replyDirect(`已点名 ${who.name}`);
  },
});

export const LARK_TEST_COMMANDS: CommandDef[] = [whoAmICommand, rollCallCommand] as CommandDef[];
