/**
 * chrono-node, where it is right: formats the by-kind readers do not cover (English dates such as
 * 「10/31/1974」, 「4pm」, and whatever else chrono's zh.hans and zh.hant parsers know). Its
 * result is only taken apart into the fields it is certain of; the rules for what was left open
 * (weeks from Monday, the future, defaults) are resolve.ts's, the same as for every other reading.
 */
import * as chrono from 'chrono-node';
import { wallOf } from './zone.js';
import { CLAUSE_WINDOW } from './clause.js';
import type { FoundClause } from './clause.js';
import type { ClauseSpec, ClockSpec, PointSpec } from './spec.js';

/** chrono with the Simplified and Traditional Chinese parsers and the English casual ones. */
const reader = new chrono.Chrono({
  parsers: [
    ...chrono.zh.hans.createCasualConfiguration().parsers,
    ...chrono.zh.hant.createCasualConfiguration().parsers,
    ...chrono.en.casual.parsers,
  ],
  refiners: [...chrono.zh.hans.createCasualConfiguration().refiners],
});

/** Where chrono may find something the readers did not: a digit or a Latin letter. */
const HINT = /[\dA-Za-z]/;

function point(c: chrono.ParsedComponents): PointSpec | null {
  const p: PointSpec = {};
  if (c.isCertain('day') && c.isCertain('month')) {
    const year = c.isCertain('year') ? { year: c.get('year')! } : {};
    p.day = { kind: 'calendar', month: c.get('month')!, day: c.get('day')!, ...year };
  } else if (c.isCertain('weekday')) p.day = { kind: 'weekday', weekday: c.get('weekday')! || 7 };
  if (c.isCertain('hour')) {
    const hour = c.get('hour')!;
    const clock: ClockSpec = { hour, minute: c.get('minute') ?? 0, second: c.get('second') ?? 0 };
    if (c.isCertain('meridiem')) {
      clock.meridiem = c.get('meridiem') === chrono.Meridiem.PM ? 'pm' : 'am';
      clock.hour = hour % 12 || 12;
    }
    const offset = c.isCertain('timezoneOffset') ? c.get('timezoneOffset') : null;
    if (offset !== null) clock.zoneOffset = offset;
    p.clock = clock;
  }
  return p.day || p.clock ? p : null;
}

/**
 * The first expression chrono finds in normalised text `s`, read from a window of at most
 * CLAUSE_WINDOW characters so that a long message costs chrono no more than a short one.
 */
export function chronoClause(s: string, opts: { now: Date; timeZone: string }): FoundClause | null {
  const at = s.search(HINT);
  if (at < 0) return null;
  const window = s.slice(at, at + CLAUSE_WINDOW);
  const w = wallOf(opts.now, opts.timeZone);
  // chrono's zh parsers read the reference with process-local getters: give it a Date whose local
  // fields are the zone's wall time. Only its certain fields are used, so nothing else leaks.
  const ref = new Date(w.year, w.month - 1, w.day, w.hour, w.minute);
  const first = reader.parse(window, ref)[0];
  if (!first) return null;
  const start = point(first.start);
  if (!start) return null;
  const clause: ClauseSpec = { start };
  const end = first.end ? point(first.end) : null;
  if (end) clause.end = end;
  if (end && !start.clock && !end.clock) clause.problem = 'date_range';
  return { clause, start: at + first.index, end: at + first.index + first.text.length };
}
