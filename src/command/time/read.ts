/**
 * `readTime`: the time in a message, for a meeting or a notice, as typed data. It finds the
 * first time expression, reads it by kind (dates.ts, clock.ts, offsets.ts), falls back to
 * chrono-node for what only chrono knows (chrono.ts), and resolves it (resolve.ts).
 */
import { findClause } from './clause.js';
import { chronoClause } from './chrono.js';
import { normalise, originalSpan } from './normalise.js';
import { resolveClause } from './resolve.js';
import { DEFAULT_PART_OF_DAY, type ReadResult, type ReadTimeOptions } from './types.js';

/** Text without [start, end): the two sides joined by one space when both are there. */
function cut(text: string, start: number, end: number): string {
  const before = text.slice(0, start).trimEnd();
  const after = text.slice(end).trimStart();
  return before && after ? `${before} ${after}` : before || after;
}

export function readTime(text: string, opts: ReadTimeOptions): ReadResult {
  const m = normalise(text);
  const { found, rejected } = findClause(m.text);
  // chrono only for what the readers did not recognise at all; it would read 「零点五」 as 00:05.
  const clause = found ?? (rejected ? null : chronoClause(m.text, opts));
  if (!clause) return { ok: false, reason: 'not_a_time', params: {} };
  const [from, to] = originalSpan(m, clause.start, clause.end);
  const matched = text.slice(from, to).trim();
  const defaults = { ...DEFAULT_PART_OF_DAY, ...opts.defaults };
  const r = resolveClause(clause.clause, { now: opts.now, timeZone: opts.timeZone, purpose: opts.purpose, defaults });
  if (!r.ok) return { ...r, text: matched };
  return {
    ok: true,
    start: r.start,
    ...(r.end ? { end: r.end } : {}),
    text: matched,
    rest: cut(text, from, to),
    assumed: r.assumed,
    certain: r.assumed.length === 0,
  };
}
