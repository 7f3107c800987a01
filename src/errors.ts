/**
 * A failure the person should read: its message is Chinese, short, names what was wrong and,
 * where it helps, shows the right usage. It becomes a reply, not a log line.
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

/** A request body or field the HTTP layer refuses with a 4xx and a JSON error. */
export class BadRequestError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 415,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/** A short id to quote in an apology and find in the logs. */
export function newErrorId(): string {
  return crypto.randomUUID().slice(0, 8);
}

/**
 * A send the platform refused or the network failed. `retryAfterMs` (e.g. from a 429's reset
 * header) tells the relay when to try again; `permanent` failures are not retried.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly opts: { retryAfterMs?: number; permanent?: boolean; status?: number } = {},
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
