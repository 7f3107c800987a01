import { choice, optional } from '../../src/command/args.js';
import type { CommandContext } from '../../src/command/context.js';
import type { ConversationHandler } from '../../src/command/conversation.js';
import { endConversation, startConversation } from '../../src/command/conversation-store.js';
import { defineCommand } from '../../src/command/define.js';
import { REGISTERED } from '../../src/contracts/roles.js';
import { enqueueToMember } from '../../src/outbox/enqueue.js';
import { actorOf } from '../../src/services/meetings/access.js';
import { requireMeeting } from '../../src/services/meetings/meetings.js';
import { meetingRef } from '../../src/services/meetings/types.js';
import { requireRecordable, requireRecorder } from '../../src/services/records/access.js';
import { addToDraft, dropDraft, finishDraft, loadMinutes } from '../../src/services/records/minutes.js';
import { namesOf } from '../../src/services/records/record.js';
import { parseSections } from '../../src/services/records/sections.js';
import { meetingId } from '../meetings/args.js';
import { tzOf } from '../shared/chat.js';
import { countsText, MINUTES_TEXT, sectionsText } from './texts.js';

/** The guided exchange of 纪要: the messages that follow are the minutes, until 完成. */
export const MINUTES_CONVERSATION = 'records.minutes';

/** Words that finish the minutes (the exchange's own words, before commands are looked up). */
const DONE_WORDS: ReadonlySet<string> = new Set(['完成', '结束', 'done']);

interface MinutesConversation {
  meetingId: number;
  mode: 'append' | 'rewrite';
}

const MODES = new Map([['重写', 'rewrite' as const]]);

const who = (ctx: CommandContext) => ({ platform: ctx.msg.platform, userId: ctx.msg.senderId });

export const minutesCommand = defineCommand({
  name: '纪要',
  aliases: ['minutes'],
  group: '会议记录',
  summary: '记录会议纪要（议题、发言、决议，可分多条发，「完成」结束），完成后私信主持人确认',
  example: '纪要 12',
  roles: REGISTERED,
  chat: 'direct',
  args: [meetingId('id', '编号'), optional(choice('mode', '重写', MODES))],
  async run(ctx, { id, mode }) {
    const tree = await ctx.tree();
    const m = await requireMeeting(ctx.db, id);
    requireRecorder(tree, ctx.sender, m);
    requireRecordable(tree, m, ctx.now);
    const state = await loadMinutes(ctx.db, m.id);
    const zone = tzOf(tree, m.unitId);
    const lines = [MINUTES_TEXT.opened(m, zone, mode === 'rewrite')];
    if (state.current)
      lines.push(MINUTES_TEXT.current(state.current.version, sectionsText(parseSections(state.current.body))));
    if (mode === 'rewrite' && state.draft) dropDraft(ctx.work, m.id);
    else if (state.draft) lines.push(MINUTES_TEXT.draft(state.draft.body));
    startConversation(ctx.work, who(ctx), MINUTES_CONVERSATION, {
      meetingId: m.id,
      mode: mode ?? 'append',
    } satisfies MinutesConversation);
    ctx.reply(lines.join('\n\n'));
  },
});

/** 完成: the draft becomes the next version, and the 主持人 is asked (by direct message) to confirm it. */
async function finish(ctx: CommandContext, s: MinutesConversation): Promise<void> {
  const tree = await ctx.tree();
  const m = await requireMeeting(ctx.db, s.meetingId);
  requireRecorder(tree, ctx.sender, m);
  const state = await loadMinutes(ctx.db, m.id);
  const version = finishDraft(ctx.work, state, m, actorOf(ctx.sender));
  endConversation(ctx.work, who(ctx));
  ctx.audit('minutes.version', { unitId: m.unitId, target: `meeting:${m.id}`, detail: { version: version.version } });
  const sections = parseSections(version.body);
  const zone = tzOf(tree, m.unitId);
  const lines = [MINUTES_TEXT.saved(m.id, version.version, countsText(sections))];
  const host = m.hostMemberId ? ((await namesOf(ctx.db, [m.hostMemberId])).get(m.hostMemberId) ?? '') : null;
  if (!m.hostMemberId || host === null) lines.push(MINUTES_TEXT.noHost(m.id));
  else {
    const text = MINUTES_TEXT.toHost(meetingRef(m), zone, version.version, ctx.sender.name, sectionsText(sections));
    const ref = `${m.id}:${version.version}`;
    const payload = {
      button: {
        label: MINUTES_TEXT.confirmButton,
        action: { type: 'minutes.confirm', meetingId: m.id, version: version.version },
      },
    };
    const sent = await enqueueToMember(
      ctx.work,
      m.hostMemberId,
      { kind: 'minutes.confirm', ref, text, payload, unitId: m.unitId },
      ctx.msg.platform,
    );
    lines.push(sent ? MINUTES_TEXT.sentToHost(host) : MINUTES_TEXT.hostUnreachable(host, m.id));
  }
  ctx.reply(lines.join('\n'));
}

export const minutesConversation: ConversationHandler = {
  kind: MINUTES_CONVERSATION,
  async answer(ctx, state, text) {
    const s = state as MinutesConversation;
    if (DONE_WORDS.has(text.trim().toLowerCase())) return finish(ctx, s);
    const tree = await ctx.tree();
    const m = await requireMeeting(ctx.db, s.meetingId);
    requireRecorder(tree, ctx.sender, m);
    const current = await loadMinutes(ctx.db, m.id);
    const body = addToDraft(ctx.work, current, m, actorOf(ctx.sender), text, s.mode);
    // Keeps the exchange open another day from now.
    startConversation(ctx.work, who(ctx), MINUTES_CONVERSATION, s);
    ctx.reply(MINUTES_TEXT.added(m.id, countsText(parseSections(body))));
  },
  async cancel(ctx, state) {
    ctx.reply(MINUTES_TEXT.cancelled((state as MinutesConversation).meetingId));
  },
};
