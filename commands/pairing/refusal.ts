import type { CommandContext } from '../../src/command/context.js';
import { DomainError } from '../../src/contracts/errors.js';

/** The text of a pairing refusal, for replies that must not fail the command they follow. */
export function refusalText(ctx: CommandContext, err: unknown): string {
  const text = err instanceof DomainError ? ctx.deps.registry.renderError(err) : null;
  if (text === null) throw err;
  return text;
}
