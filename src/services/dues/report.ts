// The facts lists, reminders and flags are made of, from a unit's dues (roll.ts); pure.
import { addMonths, type Month } from './months.js';
import type { MemberDues } from './roll.js';
import { DUES_FLAG_MONTHS, DUES_LAPSE_MONTHS } from './settings.js';
import { monthsBehind, owing, remainder, type MonthLine } from './statement.js';
import type { DuesBehindFacts, DuesLine, DuesMonthFacts, DuesReminderFacts } from './texts.js';

const lineOf = (d: MemberDues, month: Month): MonthLine | undefined => d.lines.find((l) => l.month === month);

/** How a unit's month stands, member by member. */
export function monthFacts(unitName: string, list: readonly MemberDues[], month: Month): DuesMonthFacts {
  const f: DuesMonthFacts = {
    unitName,
    month,
    paid: [],
    short: [],
    unpaid: [],
    exempt: [],
    noBasis: [],
    collectedCents: 0,
    dueCents: 0,
  };
  for (const d of list) {
    const line = lineOf(d, month);
    if (!line) {
      if (d.history.length === 0) f.noBasis.push(d.member.name);
      continue;
    }
    const entry: DuesLine = { name: d.member.name, dueCents: line.dueCents, paidCents: line.paidCents };
    f.collectedCents += line.paidCents;
    f.dueCents += line.dueCents;
    if (line.state === 'exempt') f.exempt.push(d.member.name);
    else f[line.state].push(entry);
  }
  return f;
}

/** A member's reminder for `month`, or null when nothing is asked of them this month. */
export function reminderFacts(unitName: string, d: MemberDues, month: Month): DuesReminderFacts | null {
  const line = lineOf(d, month);
  if (!line || (line.state !== 'unpaid' && line.state !== 'short')) return null;
  const earlier = owing(d.lines.filter((l) => l.month < month)).map((l) => ({ month: l.month, cents: remainder(l) }));
  return { unitName, month, dueCents: remainder(line), earlier };
}

/** Members unpaid DUES_FLAG_MONTHS or more months in a row up to `month`, longest first; null for none. */
export function behindFacts(unitName: string, list: readonly MemberDues[], month: Month): DuesBehindFacts | null {
  const people = list
    .map((d) => {
      const months = monthsBehind(d.lines.filter((l) => l.month <= month));
      return { name: d.member.name, months, since: addMonths(month, 1 - months) };
    })
    .filter((p) => p.months >= DUES_FLAG_MONTHS)
    .sort((a, b) => b.months - a.months || a.name.localeCompare(b.name, 'zh'));
  return people.length ? { unitName, month, people, lapseMonths: DUES_LAPSE_MONTHS } : null;
}
