import { z } from 'zod';
import { word } from '../../src/command/args.js';
import { defineCommand } from '../../src/command/define.js';
import { OFFICERS } from '../../src/contracts/roles.js';
import { listDead, listHeld, retryDead, type DeadRow } from '../../src/services/outbox-admin/deliveries.js';
import { formatTime } from '../../src/contracts/time.js';
import { KIND_LABEL } from './texts.js';

/** Dead rows shown by 投递失败; the rest are counted. */
export const DEAD_SHOWN = 20;
const PREVIEW_CHARS = 30;

/** Held rows listed by 投递失败; the rest are counted. */
export const HELD_SHOWN = 10;

/**
 * Lines about rows a platform's daily cap holds until the next day (they are not failures, but officers
 * should know).
 */
function heldLines(held: DeadRow[], tz: string): string[] {
  if (held.length === 0) return [];
  const resume = Math.min(...held.map((d) => d.row.notBefore));
  const lines = [`另有 ${held.length} 条因账号每日发送上限顺延，将于 ${formatTime(new Date(resume), tz)} 起自动发出：`];
  for (const d of held.slice(0, HELD_SHOWN)) {
    const r = d.row;
    const to = r.direct ? `私聊 ${r.chatId}` : (d.chatName ?? r.chatId);
    lines.push(`#${r.id} ${KIND_LABEL.get(r.kind) ?? r.kind} → ${to}（${r.platform}）`);
  }
  if (held.length > HELD_SHOWN) lines.push(`……另有 ${held.length - HELD_SHOWN} 条未列出`);
  return lines;
}

function describe(d: DeadRow, tz: string): string {
  const r = d.row;
  const to = r.direct ? `私聊 ${r.chatId}` : (d.chatName ?? r.chatId);
  const preview = r.text.replace(/\s+/g, ' ').slice(0, PREVIEW_CHARS);
  return [
    `#${r.id} ${KIND_LABEL.get(r.kind) ?? r.kind} → ${to}（${r.platform}）` +
      `${formatTime(new Date(r.createdAt), tz)}，尝试 ${r.attempts} 次`,
    `　内容：${preview}${r.text.length > PREVIEW_CHARS ? '…' : ''}`,
    `　原因：${r.lastError ?? '未知'}`,
  ].join('\n');
}

export const failedCommand = defineCommand({
  name: '投递失败',
  aliases: ['failed'],
  group: '通知',
  summary: '查看本组织发送失败的消息（通知、催办、提醒等）',
  example: '投递失败',
  roles: OFFICERS,
  readonly: true,
  args: [],
  async run(ctx) {
    const tree = await ctx.tree();
    const dead = await listDead(ctx.db, tree, ctx.sender);
    const tz = ctx.deps.config.PIONEER_TZ;
    const held = heldLines(await listHeld(ctx.db, tree, ctx.sender, ctx.now), tz);
    if (dead.length === 0) {
      ctx.reply(['没有投递失败的消息。', ...held].join('\n'));
      return;
    }
    const lines = [`投递失败 ${dead.length} 条（发送「重发 <编号>」或「重发 全部」重试）：`];
    for (const d of dead.slice(0, DEAD_SHOWN)) lines.push(describe(d, tz));
    if (dead.length > DEAD_SHOWN) lines.push(`……另有 ${dead.length - DEAD_SHOWN} 条未列出`);
    ctx.reply([...lines, ...held].join('\n'));
  },
});

/** 重发's one argument: a row number as 投递失败 lists it, or 全部 (all). */
const ALL_WORDS = new Set(['全部', 'all']);
const RESEND_TARGET = z
  .string()
  .refine((s) => ALL_WORDS.has(s.toLowerCase()) || /^#?\d{1,12}$/.test(s), '应为「投递失败」列出的编号，或「全部」')
  .transform((s) => (ALL_WORDS.has(s.toLowerCase()) ? null : Number(s.replace(/^#/, ''))));

export const resendCommand = defineCommand({
  name: '重发',
  aliases: ['resend'],
  group: '通知',
  summary: '重新投递发送失败的消息',
  example: '重发 15',
  roles: OFFICERS,
  args: [word('id', '编号|全部', RESEND_TARGET)],
  async run(ctx, args) {
    const rows = await retryDead(ctx.work, await ctx.tree(), ctx.sender, args.id);
    for (const d of rows)
      ctx.audit('outbox.retry', {
        unitId: d.unitId,
        target: String(d.row.id),
        detail: { kind: d.row.kind, ref: d.row.ref },
      });
    ctx.reply(
      rows.length === 1 ? `消息 #${rows[0]!.row.id} 已重新排队发送。` : `${rows.length} 条消息已重新排队发送。`,
    );
  },
});
