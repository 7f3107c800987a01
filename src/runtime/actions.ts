import { SingleFlight } from '../command/single-flight.js';
import type { ActionResult, IncomingAction } from '../contracts/adapter.js';
import { DomainError, newErrorId } from '../contracts/errors.js';
import type { IncomingMessage } from '../contracts/message.js';
import { isConstraintViolation } from '../contracts/store.js';
import { Work } from '../contracts/work.js';
import { CommandContext, type CommandDeps } from '../command/context.js';
import type { ActionHandler } from '../command/define.js';
import { flightKey, MAX_COMMIT_ATTEMPTS, storedAnswer, type AnswerKey } from '../command/dispatch.js';
import { APOLOGY } from '../command/texts.js';
import { CommandError } from '../command/errors.js';
import type { ParsedCommand } from '../command/parse.js';
import { processedMessages } from '../db/schema.js';

type ActionView = Omit<ActionResult, 'text'>;

/** A press is no command: the context's parse of it is empty. */
const NO_COMMAND: ParsedCommand = { word: '', args: [], rest: '', mentions: [] };

/** The press as the context's message: the presser, answered privately (the toast is theirs alone). */
function pressMessage(a: IncomingAction): IncomingMessage {
  return {
    platform: a.platform,
    chatId: a.chatId,
    chatType: 'direct',
    senderId: a.userId,
    ...(a.userName ? { senderName: a.userName } : {}),
    messageId: a.actionId,
    text: '',
    mentions: [],
    mentionsBot: false,
  };
}

/** A press's stored answer is keyed like a message's: the presser is its sender. */
const answerKey = (a: IncomingAction): AnswerKey => ({
  platform: a.platform,
  messageId: a.actionId,
  senderId: a.userId,
  chatId: a.chatId,
});

/**
 * Runs button presses through the feature that answers them (Feature.actions), exactly once per
 * platform + actionId: the answer is stored with the press's effects in one batch, like a
 * message's (processed_messages, keyed by the action id), and a repeat gets the stored answer.
 * What the pressed thing looks like (the view) is read afresh after every press.
 */
export class ActionRunner {
  private readonly flights = new SingleFlight<ActionResult>();

  constructor(private readonly deps: CommandDeps) {}

  act(a: IncomingAction): Promise<ActionResult> {
    return this.flights.run(flightKey(answerKey(a)), () => this.once(a));
  }

  private async once(a: IncomingAction): Promise<ActionResult> {
    const { store, clock, log, registry, cache } = this.deps;
    try {
      const handler = registry.action(a.action.type);
      if (!handler) throw new Error(`no feature answers action ${a.action.type}`);
      const msg = pressMessage(a);
      for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
        const work = new Work(store.db, clock.now());
        const sender = await cache.sender(work.db, a.platform, a.userId, a.userName);
        const ctx = new CommandContext(this.deps, msg, NO_COMMAND, sender, null, work);
        const first = await this.stored(a);
        if (first !== null) return { text: first, ...(await this.view(handler, ctx, a)) };
        const text = await this.run(handler, ctx, a);
        if (work.writes.length === 0) return { text, ...(await this.view(handler, ctx, a)) };
        const record = store.db.insert(processedMessages).values({
          ...answerKey(a),
          response: JSON.stringify({ text }),
          createdAt: work.now.getTime(),
        });
        try {
          await store.batch([...work.writes, record]);
        } catch (err) {
          if (!isConstraintViolation(err)) throw err;
          // A copy of this press won (the loop then answers with its text), or the press read
          // something another message changed: run it again against the new state.
          cache.invalidate();
          log.warn('write conflict, retrying', { platform: a.platform, actionId: a.actionId, attempt });
          continue;
        }
        if (work.orgChanges.size) cache.invalidate(work.orgChanges);
        return { text, ...(await this.view(handler, ctx, a)) };
      }
      throw new Error(`gave up after ${MAX_COMMIT_ATTEMPTS} conflicting attempts`);
    } catch (err) {
      const errorId = newErrorId();
      log.error('action failed', { errorId, platform: a.platform, actionId: a.actionId, action: a.action.type, err });
      return { text: APOLOGY(errorId) };
    }
  }

  /** The handler's text, or the refusal it threw rendered as a command's would be. */
  private async run(handler: ActionHandler, ctx: CommandContext, a: IncomingAction): Promise<string> {
    try {
      return await handler.run(ctx, a.action);
    } catch (err) {
      ctx.work.writes.length = 0;
      if (err instanceof CommandError) return err.toReply();
      const text = err instanceof DomainError ? this.deps.registry.renderError(err) : null;
      if (text === null) throw err;
      return text;
    }
  }

  /** What to re-render; a failure here only costs the re-render (the press itself is settled). */
  private async view(handler: ActionHandler, ctx: CommandContext, a: IncomingAction): Promise<ActionView> {
    try {
      return handler.view ? await handler.view(ctx, a.action) : {};
    } catch (err) {
      this.deps.log.error('action view failed', { platform: a.platform, actionId: a.actionId, err });
      return {};
    }
  }

  /** The text a first press of this action was answered with (older answers were message results). */
  private async stored(a: IncomingAction): Promise<string | null> {
    const response = await storedAnswer(this.deps.store.db, answerKey(a));
    if (response === null) return null;
    const answer = JSON.parse(response) as { text?: string; replies?: { text: string }[] };
    return (
      answer.text ??
      (answer.replies ?? [])
        .map((r) => r.text)
        .join('\n')
        .trim()
    );
  }
}
