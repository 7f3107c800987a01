import type { Attachment } from '../contracts/message.js';
import type { CommandContext } from './context.js';

/** Words that end an open guided exchange (checked before commands of the same name). */
export const CANCEL_WORDS: readonly string[] = ['取消', '退出'];

/**
 * Answers a guided exchange of one kind (services/conversations.ts holds the open one per person).
 * While one is open in a direct chat, a message that is not a command word goes to `answer`.
 */
export interface ConversationHandler {
  kind: string;
  /** Handles one answer; `text` is the whole message, normalised. Throw CommandError to re-ask. */
  answer(ctx: CommandContext, state: unknown, text: string): Promise<void>;
  /** Handles files sent while it is open (照片 12, then the photos); absent: files are not its business. */
  attachments?(ctx: CommandContext, state: unknown, files: readonly Attachment[]): Promise<void>;
  /** Replies after 取消 (the exchange is already ended). */
  cancel(ctx: CommandContext, state: unknown): Promise<void>;
}
