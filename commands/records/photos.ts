import type { AttachmentHandler } from '../../src/command/define.js';
import type { CommandContext } from '../../src/command/context.js';
import type { ConversationHandler } from '../../src/command/conversation.js';
import { endConversation, startConversation } from '../../src/command/conversation-store.js';
import { defineCommand } from '../../src/command/define.js';
import type { Attachment } from '../../src/contracts/message.js';
import { REGISTERED } from '../../src/contracts/roles.js';
import { actorOf } from '../../src/services/meetings/access.js';
import { requireMeeting, type Meeting } from '../../src/services/meetings/meetings.js';
import { requirePhotoKeeper, requireRecordable } from '../../src/services/records/access.js';
import { recordsError } from '../../src/services/records/errors.js';
import {
  filesOf,
  keepFiles,
  meetingForGroupPhoto,
  sentMoment,
  type FileOutcome,
} from '../../src/services/records/photos.js';
import { namesOf } from '../../src/services/records/record.js';
import { meetingId } from '../meetings/args.js';
import { tzOf } from '../shared/chat.js';
import { PHOTO_TEXT } from './texts.js';

/** The guided exchange of 照片: the files sent next go to the meeting's record. */
export const PHOTOS_CONVERSATION = 'records.photos';

const DONE_WORDS: ReadonlySet<string> = new Set(['完成', '结束', 'done']);

interface PhotosConversation {
  meetingId: number;
}

const who = (ctx: CommandContext) => ({ platform: ctx.msg.platform, userId: ctx.msg.senderId });

/** Keeps the message's files for `m`, through the adapter that received the message. */
function keep(ctx: CommandContext, m: Meeting, list: readonly Attachment[]): Promise<FileOutcome[]> {
  const { config, files, thumbnails, log } = ctx.deps;
  const origin = {
    platform: ctx.msg.platform,
    messageId: ctx.msg.messageId,
    actor: actorOf(ctx.sender),
    sentAt: sentMoment(ctx.msg.sentAt, ctx.now),
  };
  return keepFiles(ctx.work, { config, files, thumbnails, log }, m, list, ctx.files, origin);
}

/** The refusals among the outcomes, as the person reads them. */
function refusals(ctx: CommandContext, outcomes: readonly FileOutcome[]): string[] {
  return outcomes.flatMap((o) => (o.ok ? [] : [ctx.deps.registry.renderError(o.error) ?? o.error.code]));
}

/** Keeps the files for `m` and answers with what was kept and what was refused. */
async function keepAndSay(ctx: CommandContext, m: Meeting, list: readonly Attachment[]): Promise<void> {
  const outcomes = await keep(ctx, m, list);
  const kept = outcomes.filter((o) => o.ok);
  const again = kept.filter((o) => o.ok && o.again).length;
  if (kept.length)
    ctx.audit('records.files', { unitId: m.unitId, target: `meeting:${m.id}`, detail: { n: kept.length } });
  ctx.reply([PHOTO_TEXT.kept(m.id, kept.length, again), ...refusals(ctx, outcomes)].join('\n'));
}

export const photosCommand = defineCommand({
  name: '照片',
  aliases: ['photos'],
  group: '会议记录',
  summary: '查看会议的照片和文件；之后私聊发来的照片（或 PDF）存入该会议的记录',
  example: '照片 12',
  roles: REGISTERED,
  chat: 'direct',
  args: [meetingId('id', '编号')],
  async run(ctx, { id }) {
    const tree = await ctx.tree();
    const m = await requireMeeting(ctx.db, id);
    requirePhotoKeeper(tree, ctx.sender, m);
    requireRecordable(tree, m, ctx.now);
    if (ctx.msg.attachments?.length) await keepAndSay(ctx, m, ctx.msg.attachments);
    const files = await filesOf(ctx.db, m.id);
    const names = await namesOf(
      ctx.db,
      files.map((f) => f.byMemberId),
    );
    const name = (f: { byMemberId: string | null; byIdentity: string }) =>
      (f.byMemberId && names.get(f.byMemberId)) || f.byIdentity.split(':').slice(1).join(':');
    startConversation(ctx.work, who(ctx), PHOTOS_CONVERSATION, { meetingId: m.id } satisfies PhotosConversation);
    ctx.reply(`${PHOTO_TEXT.list(m, tzOf(tree, m.unitId), files, name)}\n${PHOTO_TEXT.prompt(m.id)}`);
  },
});

export const photosConversation: ConversationHandler = {
  kind: PHOTOS_CONVERSATION,
  async answer(ctx, state, text) {
    const { meetingId: id } = state as PhotosConversation;
    if (!DONE_WORDS.has(text.trim().toLowerCase())) return ctx.reply(PHOTO_TEXT.notFile(id));
    endConversation(ctx.work, who(ctx));
    ctx.reply(PHOTO_TEXT.ended(id));
  },
  async attachments(ctx, state, list) {
    const tree = await ctx.tree();
    const m = await requireMeeting(ctx.db, (state as PhotosConversation).meetingId);
    requirePhotoKeeper(tree, ctx.sender, m);
    requireRecordable(tree, m, ctx.now);
    await keepAndSay(ctx, m, list);
  },
  async cancel(ctx, state) {
    ctx.reply(PHOTO_TEXT.ended((state as PhotosConversation).meetingId));
  },
};

/**
 * Files sent without a command. In a bound group, during a meeting's photo window, they go to
 * that meeting's record without a word (the group stays quiet); a refused one gets one short line.
 * Outside any window they are ordinary chat. In a direct chat without 照片 <编号> open, a hint.
 */
export const recordFiles: AttachmentHandler = {
  async group(ctx, list) {
    if (!ctx.binding) return;
    const tree = await ctx.tree();
    const at = sentMoment(ctx.msg.sentAt, ctx.now);
    const after = ctx.deps.config.RECORD_PHOTO_AFTER_START_MIN;
    const m = await meetingForGroupPhoto(ctx.db, tree, ctx.binding.unitId, at, after);
    if (!m) return;
    const outcomes = await keep(ctx, m, list);
    const kept = outcomes.filter((o) => o.ok && !o.again).length;
    if (kept) ctx.audit('records.files', { unitId: m.unitId, target: `meeting:${m.id}`, detail: { n: kept } });
    const refused = refusals(ctx, outcomes);
    if (refused.length) ctx.reply(PHOTO_TEXT.groupRefused(refused));
  },
  async direct() {
    throw recordsError('records.no_photo_meeting', {});
  },
};
