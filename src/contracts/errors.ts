/**
 * A rule of the domain said no: a code naming the rule ("meeting.not_found") and the parameters
 * that explain it ({ id: 12 }). Services throw it and never hold chat text; the commands of the
 * same feature render each code in Chinese (commands/<feature>/texts.ts), and the dispatcher turns
 * an unrendered code into an apology and a log line, so a missing text is found, never shown raw.
 */
export class DomainError<C extends string = string, P extends object = object> extends Error {
  constructor(
    readonly code: C,
    readonly params: P = {} as P,
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

/**
 * The parameters of each code of one feature, e.g. `{ 'meeting.not_found': { id: number } }`.
 * A feature declares its map once; `domainError` and the texts that render it are checked against it.
 */
export type ErrorCodes<M = Record<string, object>> = { [C in keyof M]: object };

/** A typed constructor for one feature's errors: `meetingError('meeting.not_found', { id })`. */
export function errorFactory<M extends ErrorCodes<M>>() {
  return <C extends keyof M & string>(code: C, params: M[C]): DomainError<C, M[C]> => new DomainError(code, params);
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
