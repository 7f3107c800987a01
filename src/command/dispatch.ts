import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { placeholders, preparedWrite } from '../db/prepared.js';
import { processedMessages } from '../db/schema.js';
import { isConstraintViolation } from '../contracts/store.js';
import { DomainError, newErrorId } from '../contracts/errors.js';
import { CommandError } from './errors.js';
import { bindArgs, failureText } from './args.js';
import type { Attachment, IncomingMessage, Mention, MessageResult } from '../contracts/message.js';
import type { AttachmentSource } from '../contracts/files.js';
import { endConversation, loadConversation } from './conversation-store.js';
import type { Sender } from '../services/org/identity.js';
import { Work } from '../contracts/work.js';
import { CommandContext, type CommandDeps as CoreDeps } from './context.js';
import { CANCEL_WORDS } from './conversation.js';
import { bindParams, type CommandDef } from './define.js';
import { normalizeText, parseCommand, type ParsedCommand } from './parse.js';
import { tooLongAnswer } from './too-long.js';
import { SingleFlight } from './single-flight.js';
import { countUse } from '../services/usage/uses.js';
import { closest } from './suggest.js';
import { APOLOGY, HELP_HINT, JOIN_FIRST, NOT_STORED, unknownCommandText } from './texts.js';
import { directOnlyText, groupOnlyText, onlyForText, rolesText } from './texts.js';

/** How often a message is re-run when its writes lose a race on a unique constraint. */
export const MAX_COMMIT_ATTEMPTS = 3;

/** The stored answer's insert, built once per database: every message that writes makes one. */
const insertAnswer = preparedWrite<Required<typeof processedMessages.$inferInsert>>((db) =>
  db
    .insert(processedMessages)
    .values(placeholders(['platform', 'messageId', 'senderId', 'chatId', 'response', 'createdAt'])),
);

/**
 * What identifies a message for replaying its answer: the platform's message id, from this
 * sender in this chat. A message with the same id from someone else, or in another chat, is not
 * a repeat of this one: it is handled as a message of its own (platform ids are unique, so that
 * happens only with clients that choose their ids; refusing it would lose their message, and
 * replaying would hand them another person's answer).
 */
export interface AnswerKey {
  platform: string;
  messageId: string;
  senderId: string;
  chatId: string;
}

/** The answer stored for `key`, parsed, or null. */
export async function storedAnswer(db: CoreDeps['store']['db'], key: AnswerKey): Promise<string | null> {
  const rows = await db
    .select({ response: processedMessages.response })
    .from(processedMessages)
    .where(
      and(
        eq(processedMessages.platform, key.platform),
        eq(processedMessages.messageId, key.messageId),
        eq(processedMessages.senderId, key.senderId),
        eq(processedMessages.chatId, key.chatId),
      ),
    )
    .limit(1);
  return rows[0]?.response ?? null;
}

/** The single-flight key of a message: its answer key. */
export const flightKey = (k: AnswerKey) => [k.platform, k.messageId, k.senderId, k.chatId].join('\u0000');

/**
 * Turns one incoming message into replies, exactly once per platform + messageId from the same
 * sender in the same chat: the answer is stored in the same atomic batch as the message's
 * effects, and a repeat gets the stored answer.
 */
export class Dispatcher {
  private readonly flights = new SingleFlight<MessageResult>();
  /** The works whose command ran to the end (a refusal is not a use). */
  private readonly ran = new WeakSet<Work>();

  constructor(private readonly deps: CoreDeps) {}

  handle(msg: IncomingMessage, files?: AttachmentSource): Promise<MessageResult> {
    return this.flights.run(flightKey(msg), () => this.handleOnce(msg, files));
  }

  private async stored(msg: IncomingMessage): Promise<MessageResult | null> {
    const response = await storedAnswer(this.deps.store.db, msg);
    return response === null ? null : (JSON.parse(response) as MessageResult);
  }

  private async handleOnce(msg: IncomingMessage, files?: AttachmentSource): Promise<MessageResult> {
    const { store, clock, log, registry } = this.deps;
    try {
      const typed = parseCommand(msg.text, msg.mentions, msg.mentionsBot);
      const found = typed ? registry.recognise(typed, msg.chatType) : undefined;
      const parsed = found?.command ?? typed;
      // 「取消」 without a meeting number ends an open exchange (or is chatter), never 取消会议 (its alias).
      const bareCancel = parsed !== null && CANCEL_WORDS.includes(parsed.word) && !/^#?\d+$/.test(parsed.args[0] ?? '');
      const def = bareCancel ? undefined : found?.def;
      // Only a command that may write can have a stored answer; chatter, unknown words and
      // read-only commands are answered afresh. A plain direct message may answer an open guided
      // exchange (a write), so it counts as one that may write.
      // A phrasing in a direct chat may answer an open exchange instead of running its command (run).
      const loose = def !== undefined && parsed?.via !== undefined && msg.chatType === 'direct';
      const mayWrite =
        loose ||
        (def ? !def.readonly : parsed !== null && msg.chatType === 'direct') ||
        (!def && !!msg.attachments?.length);
      for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
        const work = new Work(store.db, clock.now());
        const result = await this.run(msg, parsed, def, work, files);
        // Each command that ran (not refused) counts towards the sender's most used (帮助 in a group lists them).
        const use = def && this.ran.has(work) ? [countUse(store.db, msg, def.name, work.now)] : [];
        if (work.writes.length === 0) {
          if (use.length) await store.batch(use);
          // A repeat of a message that did write now finds nothing to do ("已签到"): answer with
          // what the first one was told. A repeat that writes again is caught by the primary key of
          // processed_messages in the batch below, so the common path costs no lookup.
          const first = mayWrite ? await this.stored(msg) : null;
          return first ?? result;
        }
        if (def?.readonly && !loose) throw new Error(`read-only command ${def.name} tried to write`);
        const record = insertAnswer(store.db, {
          platform: msg.platform,
          messageId: msg.messageId,
          senderId: msg.senderId,
          chatId: msg.chatId,
          response: JSON.stringify(forStorage(result)),
          createdAt: work.now.getTime(),
        });
        try {
          await store.batch([...work.writes, record, ...use]);
          if (work.orgChanges.size) this.deps.cache.invalidate(work.orgChanges);
          return result;
        } catch (err) {
          if (!isConstraintViolation(err)) throw err;
          // Either a copy of this message won the race (answer with its result), or another
          // message changed what this one read: run it again against the new state.
          const winner = await this.stored(msg);
          if (winner) return winner;
          this.deps.cache.invalidate();
          log.warn('write conflict, retrying', { platform: msg.platform, messageId: msg.messageId, attempt });
        }
      }
      throw new Error(`gave up after ${MAX_COMMIT_ATTEMPTS} conflicting attempts`);
    } catch (err) {
      return this.apologize(msg, err);
    }
  }

  private apologize(msg: IncomingMessage, err: unknown): MessageResult {
    const errorId = newErrorId();
    this.deps.log.error('message failed', {
      errorId,
      platform: msg.platform,
      messageId: msg.messageId,
      chatId: msg.chatId,
      err,
    });
    return { replies: [{ chatId: msg.chatId, text: APOLOGY(errorId), mentions: [] }] };
  }

  /** Checks and runs one command; never throws for what the person got wrong. */
  private async run(
    msg: IncomingMessage,
    parsed: ParsedCommand | null,
    def: CommandDef | undefined,
    work: Work,
    files?: AttachmentSource,
  ): Promise<MessageResult> {
    const { registry, cache } = this.deps;
    const group = msg.chatType === 'group';
    const say = (text: string): MessageResult => ({ replies: [{ chatId: msg.chatId, text, mentions: [] }] });
    // Files without a command word (a photo) go to the feature that takes files, in groups too.
    if (!def && msg.attachments?.length && registry.attachments) {
      return this.attachments(msg, parsed, msg.attachments, work, files);
    }
    // In a group, anything that is not a command gets no reply at all (and costs no query),
    // unless it was addressed to the bot: that is answered with a hint, as in a direct chat.
    const addressed = msg.mentionsBot || parsed?.addressed === true;
    if (!parsed) {
      // Over the command limit: say what was too long (a command word is answered in a group too).
      const long = tooLongAnswer(msg, registry);
      if (long && (long.command || !group || addressed)) return say(long.text);
      return group && !addressed ? { replies: [] } : say(HELP_HINT);
    }
    if (!def && group && !addressed) return { replies: [] };

    const sender = await cache.sender(work.db, msg.platform, msg.senderId, msg.senderName);
    // An open exchange (纪要's minutes, an intake) takes everything but a command word as typed:
    // a line that only reads like a command (「请假：李四因病」「收到」) is part of what it collects.
    if (!def || (parsed.via && !group)) {
      const answered = group ? null : await this.resumeConversation(msg, parsed, sender, work);
      if (answered) return answered;
    }
    if (!def) {
      const allowed = registry.commands
        .filter((c) => c.roles.includes(sender.role))
        .flatMap((c) => [c.name, ...c.aliases]);
      return say(unknownCommandText(parsed.word, closest(parsed.word, allowed)));
    }

    // A phrasing (「签到了」「1」) from someone the command is not for is chatter in a group.
    if (group && parsed.via && !addressed && !def.roles.includes(sender.role)) return { replies: [] };
    const binding = group ? await cache.binding(work.db, msg.platform, msg.chatId) : null;
    const ctx = new CommandContext(this.deps, msg, parsed, sender, binding, work, files);
    try {
      checkAllowed(def, sender, group);
      const args = parseArgs(def, parsed.args, parsed.mentions, parsed.written);
      await def.run(ctx, args);
      this.ran.add(work);
    } catch (err) {
      const text = this.refusal(err);
      work.writes.length = 0;
      return say(text);
    }
    return { replies: ctx.replies };
  }

  /**
   * Files sent without a command: in a group to the feature that takes files; in a direct chat to
   * the open exchange when it takes files (照片 12), else to that feature too.
   */
  private async attachments(
    msg: IncomingMessage,
    parsed: ParsedCommand | null,
    list: readonly Attachment[],
    work: Work,
    files: AttachmentSource | undefined,
  ): Promise<MessageResult> {
    const { registry, cache } = this.deps;
    const group = msg.chatType === 'group';
    const sender = await cache.sender(work.db, msg.platform, msg.senderId, msg.senderName);
    const binding = group ? await cache.binding(work.db, msg.platform, msg.chatId) : null;
    const command = parsed ?? { word: '', args: [], rest: '', mentions: [] };
    const ctx = new CommandContext(this.deps, msg, command, sender, binding, work, files);
    try {
      const open = group ? null : await loadConversation(work.db, msg.platform, msg.senderId, work.now);
      const handler = open ? registry.conversation(open.kind) : undefined;
      if (open && handler?.attachments) await handler.attachments(ctx, open.state, list);
      else if (group) await registry.attachments!.group(ctx, list);
      else await registry.attachments!.direct(ctx, list);
    } catch (err) {
      const text = this.refusal(err);
      work.writes.length = 0;
      return { replies: [{ chatId: msg.chatId, text, mentions: [] }] };
    }
    return { replies: ctx.replies };
  }

  /**
   * In a direct chat with a guided exchange open (services/conversations.ts), a message that is
   * not a command word answers it, and 取消 ends it. Null when no exchange is open.
   */
  private async resumeConversation(
    msg: IncomingMessage,
    parsed: ParsedCommand,
    sender: Sender,
    work: Work,
  ): Promise<MessageResult | null> {
    const open = await loadConversation(work.db, msg.platform, msg.senderId, work.now);
    const handler = open ? this.deps.registry.conversation(open.kind) : undefined;
    if (!open || !handler) return null;
    const ctx = new CommandContext(this.deps, msg, parsed, sender, null, work);
    try {
      if (CANCEL_WORDS.includes(parsed.word)) {
        endConversation(work, { platform: msg.platform, userId: msg.senderId });
        await handler.cancel(ctx, open.state);
      } else {
        await handler.answer(ctx, open.state, normalizeText(msg.text));
      }
    } catch (err) {
      const text = this.refusal(err);
      work.writes.length = 0;
      return { replies: [{ chatId: msg.chatId, text, mentions: [] }] };
    }
    return { replies: ctx.replies };
  }

  /**
   * What the person reads when a command is refused: a CommandError's text, or a domain error
   * rendered by its feature's texts. Anything else (and a code no feature renders) is rethrown,
   * to be logged and answered with an apology.
   */
  private refusal(err: unknown): string {
    if (err instanceof CommandError) return err.toReply();
    if (err instanceof DomainError) {
      const text = this.deps.registry.renderError(err);
      if (text !== null) return text;
    }
    throw err;
  }
}

/**
 * The answer as stored for idempotent replay: a reply marked sensitive (household data, an export
 * link, a file, a code that grants power) is never written to the database; the note of its kind
 * (NOT_STORED) takes its place, without its mentions.
 */
export function forStorage(result: MessageResult): MessageResult {
  if (!result.replies.some((r) => r.sensitive)) return result;
  return {
    replies: result.replies.map((r) => {
      if (!r.sensitive) return r;
      const { sensitive, ...rest } = r;
      return { ...rest, text: NOT_STORED[sensitive], mentions: [] };
    }),
  };
}

function checkAllowed(def: CommandDef, sender: Sender, group: boolean): void {
  if (!def.roles.includes(sender.role)) {
    if (sender.role === 'stranger') throw new CommandError(JOIN_FIRST);
    throw new CommandError(onlyForText(def.name, rolesText(def.roles)));
  }
  if (def.chat === 'group' && !group) throw new CommandError(groupOnlyText(def.name));
  if (def.chat === 'direct' && group) throw new CommandError(directOnlyText(def.name));
}

/** Binds positional tokens to the command's arguments; a mistake names the argument and shows usage. */
export function parseArgs<S extends z.ZodType>(
  def: CommandDef<S>,
  tokens: readonly string[],
  mentioned: readonly Mention[] = [],
  written?: readonly string[],
): z.infer<S> {
  if (def.args) {
    const bound = bindArgs(def.args, tokens, mentioned, written);
    if (!bound.ok) throw new CommandError(failureText(bound.failure), usageLine(def));
    return bound.values as z.infer<S>;
  }
  const raw = bindParams(def.params, tokens);
  const parsed = def.schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const param = def.params.find((p) => p.key === key);
  const label = param?.label ?? key;
  const given = raw[key];
  const text =
    given === undefined
      ? `缺少${label}。`
      : /[\u4e00-\u9fff]/.test(issue.message)
        ? `${label}「${given.slice(0, 30)}」不对：${issue.message}`
        : `${label}「${given.slice(0, 30)}」格式不对。`;
  throw new CommandError(text, usageLine(def));
}

export function usageLine(def: CommandDef): string {
  return `${def.usage}\n例如：${def.example}`;
}
