import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { placeholders, preparedWrite } from '../db/prepared.js';
import { processedMessages } from '../db/schema.js';
import { isConstraintViolation } from '../contracts/store.js';
import { DomainError, newErrorId } from '../contracts/errors.js';
import { CommandError } from './errors.js';
import { bindArgs, failureText } from './args.js';
import type { IncomingMessage, Mention, MessageResult } from '../contracts/message.js';
import { endConversation, loadConversation } from './conversation-store.js';
import type { Sender } from '../services/org/identity.js';
import { Work } from '../contracts/work.js';
import { CommandContext, type CommandDeps as CoreDeps } from './context.js';
import { CANCEL_WORDS } from './conversation.js';
import { bindParams, type CommandDef } from './define.js';
import { normalizeText, parseCommand, type ParsedCommand } from './parse.js';
import { SingleFlight } from './single-flight.js';
import { closest } from './suggest.js';
import { APOLOGY, HELP_HINT, JOIN_FIRST, unknownCommandText } from './texts.js';
import { directOnlyText, groupOnlyText, onlyForText, rolesText } from './texts.js';

/** How often a message is re-run when its writes lose a race on a unique constraint. */
export const MAX_COMMIT_ATTEMPTS = 3;

/** The stored answer's insert, built once per database: every message that writes makes one. */
const insertAnswer = preparedWrite<Required<typeof processedMessages.$inferInsert>>((db) =>
  db.insert(processedMessages).values(placeholders(['platform', 'messageId', 'response', 'createdAt'])),
);

/**
 * Turns one incoming message into replies, exactly once per platform + messageId: the answer is
 * stored in the same atomic batch as the message's effects, and a repeat gets the stored answer.
 */
export class Dispatcher {
  private readonly flights = new SingleFlight<MessageResult>();

  constructor(private readonly deps: CoreDeps) {}

  handle(msg: IncomingMessage): Promise<MessageResult> {
    return this.flights.run(`${msg.platform}\u0000${msg.messageId}`, () => this.handleOnce(msg));
  }

  private async stored(msg: IncomingMessage): Promise<MessageResult | null> {
    const rows = await this.deps.store.db
      .select({ response: processedMessages.response })
      .from(processedMessages)
      .where(and(eq(processedMessages.platform, msg.platform), eq(processedMessages.messageId, msg.messageId)))
      .limit(1);
    return rows[0] ? (JSON.parse(rows[0].response) as MessageResult) : null;
  }

  private async handleOnce(msg: IncomingMessage): Promise<MessageResult> {
    const { store, clock, log, registry } = this.deps;
    try {
      const typed = parseCommand(msg.text, msg.mentions, msg.mentionsBot);
      const found = typed ? registry.recognise(typed, msg.chatType) : undefined;
      const parsed = found?.command ?? typed;
      const def = found?.def;
      // Only a command that may write can have a stored answer; chatter, unknown words and
      // read-only commands are answered afresh. A plain direct message may answer an open guided
      // exchange (a write), so it counts as one that may write.
      const mayWrite = def ? !def.readonly : parsed !== null && msg.chatType === 'direct';
      for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
        const work = new Work(store.db, clock.now());
        const result = await this.run(msg, parsed, def, work);
        if (work.writes.length === 0) {
          // A repeat of a message that did write now finds nothing to do ("已签到"): answer with
          // what the first one was told. A repeat that writes again is caught by the primary key of
          // processed_messages in the batch below, so the common path costs no lookup.
          const first = mayWrite ? await this.stored(msg) : null;
          return first ?? result;
        }
        if (def?.readonly) throw new Error(`read-only command ${def.name} tried to write`);
        const record = insertAnswer(store.db, {
          platform: msg.platform,
          messageId: msg.messageId,
          response: JSON.stringify(forStorage(result)),
          createdAt: work.now.getTime(),
        });
        try {
          await store.batch([...work.writes, record]);
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
  ): Promise<MessageResult> {
    const { registry, cache } = this.deps;
    const group = msg.chatType === 'group';
    const say = (text: string): MessageResult => ({ replies: [{ chatId: msg.chatId, text, mentions: [] }] });
    // In a group, anything that is not a command gets no reply at all (and costs no query),
    // unless it was addressed to the bot: that is answered with a hint, as in a direct chat.
    const addressed = msg.mentionsBot || parsed?.addressed === true;
    if (!parsed) return group && !addressed ? { replies: [] } : say(HELP_HINT);
    if (!def && group && !addressed) return { replies: [] };

    const sender = await cache.sender(work.db, msg.platform, msg.senderId, msg.senderName);
    if (!def) {
      const answered = group ? null : await this.resumeConversation(msg, parsed, sender, work);
      if (answered) return answered;
      const allowed = registry.commands
        .filter((c) => c.roles.includes(sender.role))
        .flatMap((c) => [c.name, ...c.aliases]);
      return say(unknownCommandText(parsed.word, closest(parsed.word, allowed)));
    }

    // A phrasing (「签到了」「1」) from someone the command is not for is chatter in a group.
    if (group && parsed.via && !addressed && !def.roles.includes(sender.role)) return { replies: [] };
    const binding = group ? await cache.binding(work.db, msg.platform, msg.chatId) : null;
    const ctx = new CommandContext(this.deps, msg, parsed, sender, binding, work);
    try {
      checkAllowed(def, sender, group);
      const args = parseArgs(def, parsed.args, parsed.mentions);
      await def.run(ctx, args);
    } catch (err) {
      const text = this.refusal(err);
      work.writes.length = 0;
      return say(text);
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

/** Text stored (and replayed) instead of a reply that held personal data. */
export const SENSITIVE_PLACEHOLDER = '（这条回复含个人信息，没有保存，请重新发送命令查看。）';

/** The answer as stored for idempotent replay: personal data is never written to the database. */
function forStorage(result: MessageResult): MessageResult {
  if (!result.replies.some((r) => r.sensitive)) return result;
  return { replies: result.replies.map((r) => (r.sensitive ? { ...r, text: SENSITIVE_PLACEHOLDER } : r)) };
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
): z.infer<S> {
  if (def.args) {
    const bound = bindArgs(def.args, tokens, mentioned);
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
