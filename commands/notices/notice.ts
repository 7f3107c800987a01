import { z } from 'zod';
import type { CommandContext } from '../../src/command/context.js';
import { defineCommand } from '../../src/command/define.js';
import { normalizeText } from '../../src/command/parse.js';
import { CommandError } from '../../src/command/errors.js';
import { EVERYONE, OFFICERS } from '../../src/contracts/roles.js';
import { MAX_NOTICE_CHARS, ackNotice, chaseNotice, draftNotice, sendLastDraft, unreadReport } from '../../src/services/notices/notices.js';
import type { Unit, UnitTree } from '../../src/services/org/units.js';
import { formatTime } from '../../src/contracts/time.js';
import { parseChineseTime } from '../../src/command/zh-time.js';

/** A notice number as typed: "12" or "#12". */
const noticeId = z
  .string()
  .regex(/^[#＃]?\d{1,9}$/, '应为通知编号，如 12')
  .transform((s) => Number(s.replace(/^[#＃]/, '')))
  .optional();

const IMMEDIATELY = /^(现在|立即|立刻|马上)$/;
const UNIT_LIST_SEPARATORS = /[,，、;；\s]+/;

interface NoticeInput {
  body: string;
  units: Unit[] | null;
  at: Date | null;
}

/**
 * Splits "内容 [到 单位,...] [于 时间]" from the end. A trailing clause counts only when it is
 * wholly a time or wholly known unit names, so "请大家 到 会议室" stays part of the content.
 */
export function parseNoticeInput(rest: string, tree: UnitTree, now: Date, timeZone: string): NoticeInput {
  const out: NoticeInput = { body: rest.trim(), units: null, at: null };
  for (let i = 0; i < 2; i++) {
    const m = /^([\s\S]*\S)\s+(到|于)\s*([^\n]+)$/.exec(out.body);
    if (!m) break;
    const [, before, marker, clause] = m as unknown as [string, string, string, string];
    if (marker === '于' && !out.at && IMMEDIATELY.test(clause.trim())) {
      // "于 现在": the default, said out loud.
    } else if (marker === '于' && !out.at) {
      const t = parseChineseTime(clause, { now, timeZone });
      if (!t || clause.replace(t.text, '').replace(/[\s,，.。]/g, '') !== '') break;
      if (!t.timeCertain) throw new CommandError(`请写明「${clause.trim()}」的几点几分。`);
      out.at = t.date;
    } else if (marker === '到' && !out.units) {
      const names = clause.split(UNIT_LIST_SEPARATORS).map(normalizeText).filter(Boolean);
      const found = names.map((n) => tree.findByName(n));
      if (found.every((u) => !u)) break;
      const missing = names.filter((_, j) => !found[j]);
      if (missing.length) throw new CommandError(`找不到组织「${missing.join('、')}」。`);
      out.units = [...new Map(found.map((u) => [u!.id, u!])).values()];
    } else break;
    out.body = before.trim();
  }
  return out;
}

/**
 * The text after the command word as the sender typed it: full-width punctuation and line breaks
 * kept (the parser's normalised copy turns "，" into ","), invisible characters removed.
 */
function typedRest(ctx: CommandContext): string {
  const raw = ctx.msg.text.replace(/\r\n?/g, '\n').replace(/[\u200B-\u200F\u2060-\u206F\uFEFF]/g, '');
  const i = raw.toLowerCase().indexOf(ctx.command.word);
  return i < 0 ? ctx.command.rest : raw.slice(i + ctx.command.word.length).trim();
}

function issuingUnit(ctx: CommandContext, tree: UnitTree): Unit | undefined {
  return tree.get(ctx.binding?.unitId ?? ctx.sender.member?.unitId);
}

export const noticeCommand = defineCommand({
  name: '通知',
  aliases: ['notice'],
  group: '通知',
  summary: '起草通知，预览发往的群数和人数；再发「确认发送」发出',
  usage: '通知 <内容> [到 <组织,...>] [于 <时间>]',
  example: '通知 周五下午3点在党员活动室集中学习 到 第一支部,第二支部 于 明天上午9点',
  roles: OFFICERS,
  params: ['text...:内容'],
  schema: z.object({ text: z.string().min(1) }),
  async run(ctx) {
    const tree = await ctx.tree();
    const home = issuingUnit(ctx, tree);
    const tz = home?.timeZone ?? ctx.deps.config.PIONEER_TZ;
    const input = parseNoticeInput(typedRest(ctx), tree, ctx.now, tz);
    if (!input.body) throw new CommandError('缺少通知内容。', '通知 <内容> [到 <组织,...>] [于 <时间>]');
    if (input.body.length > MAX_NOTICE_CHARS) throw new CommandError(`通知内容最多 ${MAX_NOTICE_CHARS} 字。`);
    const targets = input.units ?? (home ? [home] : null);
    if (!targets || targets.length === 0) throw new CommandError('请用「到 <组织>」指明发给哪些组织，或在已绑定的群里使用。');
    const { notice, reach } = await draftNotice(ctx.work, tree, ctx.sender, {
      body: input.body,
      targets,
      issuingUnit: home ?? targets[0]!,
      scheduledAt: input.at,
    });
    const lines = [
      `通知草稿 #${notice.id}`,
      `发往：${targets.map((u) => u.name).join('、')}（${reach.chats.length} 个群，${reach.people} 人）`,
      `发送时间：${input.at ? formatTime(input.at, tz) : '确认后立即发送'}`,
      `内容：${input.body}`,
    ];
    if (reach.chats.length === 0) lines.push('注意：目标组织还没有绑定群，请先在群里发送「绑定 <组织>」。');
    lines.push('确认无误请发送「确认发送」。');
    ctx.reply(lines.join('\n'));
  },
});

export const sendNoticeCommand = defineCommand({
  name: '确认发送',
  aliases: ['send'],
  group: '通知',
  summary: '发出你最近起草的通知（立即或按定时）',
  usage: '确认发送',
  example: '确认发送',
  roles: OFFICERS,
  schema: z.object({}),
  async run(ctx) {
    const tree = await ctx.tree();
    const { notice, reach, units } = await sendLastDraft(ctx.work, tree, ctx.sender);
    ctx.audit('notice.send', {
      unitId: notice.unitId,
      target: String(notice.id),
      detail: { units: units.map((u) => u.id), chats: reach.chats.length, people: reach.people, scheduledAt: notice.scheduledAt },
    });
    const tz = tree.get(notice.unitId)?.timeZone ?? ctx.deps.config.PIONEER_TZ;
    const when = notice.scheduledAt ? `将于 ${formatTime(new Date(notice.scheduledAt), tz)} ` : '已';
    ctx.reply(`通知 #${notice.id} ${when}发往 ${reach.chats.length} 个群（${reach.people} 人需确认）。\n查看回执：未读 ${notice.id}`);
  },
});

export const ackCommand = defineCommand({
  name: '收到',
  aliases: ['ack'],
  group: '通知',
  summary: '确认收到本组织最新的（或指定编号的）通知',
  usage: '收到 [编号]',
  example: '收到 12',
  roles: EVERYONE,
  params: ['id?:编号'],
  schema: z.object({ id: noticeId }),
  async run(ctx, args) {
    const group = ctx.msg.chatType === 'group';
    const member = ctx.sender.member;
    // "收到" is everyday chat: in a group, say nothing unless there is something to confirm.
    if (!member?.unitId) {
      // An administrator without a branch of their own is in no notice's audience.
      if (!group) ctx.reply(ctx.sender.role === 'stranger' ? '你还没有加入组织，请先发送：加入 <邀请码> <姓名>' : '目前没有需要你确认的通知。');
      return;
    }
    const r = await ackNotice(ctx.work, member, args.id, { platform: ctx.msg.platform, userId: ctx.msg.senderId });
    if (!r) {
      if (!group) ctx.reply('目前没有需要你确认的通知。');
      return;
    }
    if (r.already) {
      const tz = (await ctx.tree()).get(member.unitId)?.timeZone ?? ctx.deps.config.PIONEER_TZ;
      ctx.reply(`${member.name} 已于 ${formatTime(new Date(r.at), tz)} 确认过通知 #${r.notice.id}。`);
      return;
    }
    ctx.reply(`${member.name} 已确认通知 #${r.notice.id}（第 ${r.position} 位）。`);
  },
});

export const unreadCommand = defineCommand({
  name: '未读',
  aliases: ['unread'],
  group: '通知',
  summary: '按组织列出还没确认通知的人',
  usage: '未读 [编号]',
  example: '未读 12',
  roles: OFFICERS,
  readonly: true,
  params: ['id?:编号'],
  schema: z.object({ id: noticeId }),
  async run(ctx, args) {
    const r = await unreadReport(ctx.db, await ctx.tree(), ctx.sender, args.id, ctx.now);
    const title = r.notice.title ? `「${r.notice.title}」` : '';
    const lines = [`通知 #${r.notice.id}${title} 已确认 ${r.confirmed}/${r.expected} 人`];
    for (const u of r.units) {
      lines.push(
        u.pending.length === 0
          ? `【${u.unit.name}】${u.expected ? '全部已确认' : '无成员'}`
          : `【${u.unit.name}】未确认 ${u.pending.length} 人：${u.pending.map((m) => m.name).join('、')}`,
      );
    }
    if (r.confirmed < r.expected) lines.push(`提醒他们：催办 ${r.notice.id}`);
    ctx.reply(lines.join('\n'));
  },
});

export const chaseCommand = defineCommand({
  name: '催办',
  aliases: ['chase'],
  group: '通知',
  summary: '在群里提醒还没确认通知的人（只 @ 未确认的）',
  usage: '催办 [编号]',
  example: '催办 12',
  roles: OFFICERS,
  params: ['id?:编号'],
  schema: z.object({ id: noticeId }),
  async run(ctx, args) {
    const { report, chats } = await chaseNotice(ctx.work, await ctx.tree(), ctx.sender, args.id);
    const pending = report.expected - report.confirmed;
    if (pending === 0) {
      ctx.reply(`通知 #${report.notice.id} 已全部确认（${report.confirmed}/${report.expected}），无需催办。`);
      return;
    }
    ctx.audit('notice.chase', { unitId: report.notice.unitId, target: String(report.notice.id), detail: { pending, chats } });
    ctx.reply(
      chats
        ? `已向 ${chats} 个群发出催办，提醒 ${pending} 人确认通知 #${report.notice.id}。`
        : `通知 #${report.notice.id} 还有 ${pending} 人未确认，但他们的组织没有绑定群，无法催办。`,
    );
  },
});
