import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { defineCommand, type CommandDef } from '../../src/command/define.js';
import { auditLog } from '../../src/db/schema.js';
import { CommandError } from '../../src/command/errors.js';
import { EVERYONE, OFFICERS, REGISTERED } from '../../src/contracts/roles.js';

// Commands registered only in the Lark tests, standing in for features built on other branches
// (notices) and for showing what the adapter does with names and mentions.

/** People a notice goes to in the stand-in 收到 command. */
export const FAKE_NOTICE_AUDIENCE = 3;

/** Stand-in for the notices feature's 收到: records the confirmation in the audit log, once per person. */
export const fakeAckCommand = defineCommand({
  name: '收到',
  aliases: ['ack'],
  group: '测试',
  summary: '确认通知（测试用替身）',
  usage: '收到 <编号>',
  example: '收到 7',
  roles: REGISTERED,
  params: ['id:编号'],
  schema: z.object({ id: z.string().regex(/^\d+$/) }),
  async run(ctx, args) {
    const rows = await ctx.db
      .select({ actor: auditLog.actor })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'notice.ack'), eq(auditLog.target, args.id)));
    const me = `${ctx.msg.platform}:${ctx.msg.senderId}`;
    const already = rows.some((r) => r.actor === me);
    if (!already) ctx.audit('notice.ack', { target: args.id });
    ctx.reply(`${ctx.sender.name} 已确认通知 #${args.id}（已确认 ${rows.length + (already ? 0 : 1)}/${FAKE_NOTICE_AUDIENCE}）`);
  },
});

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

export const LARK_TEST_COMMANDS: CommandDef[] = [fakeAckCommand, whoAmICommand, rollCallCommand] as CommandDef[];
