/**
 * A failure the person should read: its message is Chinese, short, names what was wrong and,
 * where it helps, shows the right usage. It becomes a reply, not a log line. Only the command
 * layer (src/command, commands/) throws it; services throw a DomainError instead.
 */
export class CommandError extends Error {
  constructor(
    readonly userMessage: string,
    readonly usage?: string,
  ) {
    super(userMessage);
    this.name = 'CommandError';
  }

  /** The text the person sees. */
  toReply(): string {
    return this.usage ? `${this.userMessage}\n用法：${this.usage}` : this.userMessage;
  }
}
