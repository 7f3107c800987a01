import type { CommandContext } from '../../src/command/context.js';
import { defineCommand, type ActionHandler } from '../../src/command/define.js';
import { REGISTERED } from '../../src/contracts/roles.js';
import { requireMeeting } from '../../src/services/meetings/meetings.js';
import { recordsError } from '../../src/services/records/errors.js';
import { confirmMinutes, loadMinutes } from '../../src/services/records/minutes.js';
import { namesOf } from '../../src/services/records/record.js';
import { meetingId } from '../meetings/args.js';
import { tzOf } from '../shared/chat.js';
import { confirmationLine, CONFIRM_TEXT } from './texts.js';

/** The 主持人 confirms the meeting's current minutes; the answer is the record's signature line. */
async function confirm(ctx: CommandContext, id: number, version?: number): Promise<string> {
  const tree = await ctx.tree();
  const m = await requireMeeting(ctx.db, id);
  const state = await loadMinutes(ctx.db, m.id);
  if (version !== undefined && state.current && state.current.version !== version) {
    throw recordsError('records.version_changed', { id: m.id, version: state.current.version });
  }
  const host = m.hostMemberId ? ((await namesOf(ctx.db, [m.hostMemberId])).get(m.hostMemberId) ?? null) : null;
  const row = confirmMinutes(ctx.work, tree, state, m, ctx.sender, host);
  ctx.audit('minutes.confirm', { unitId: m.unitId, target: `meeting:${m.id}`, detail: { version: row.version } });
  return CONFIRM_TEXT.done(m.id, row.version, confirmationLine(host ?? ctx.sender.name, row.at, tzOf(tree, m.unitId)));
}

export const confirmCommand = defineCommand({
  name: '确认纪要',
  aliases: ['confirm'],
  group: '会议记录',
  summary: '主持人确认会议纪要（记录中显示「主持人 某某 于 某日 确认」）',
  example: '确认纪要 12',
  roles: REGISTERED,
  args: [meetingId('id', '编号')],
  async run(ctx, { id }) {
    ctx.reply(await confirm(ctx, id));
  },
});

/** The 确认 button of the card the 主持人 receives (Feishu): the same as sending 确认纪要 <编号>. */
export const confirmAction: ActionHandler<'minutes.confirm'> = {
  run: (ctx, action) => confirm(ctx, action.meetingId, action.version),
};
