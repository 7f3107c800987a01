// Notice confirmation (回执) of one unit's members: a rate per notice and the slowest confirmers.
import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import { noticeAcks, notices, noticeTargets } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { Person } from '../meetings/attendance.js';
import { median } from './period.js';

/** Characters of a notice's body shown beside its rate (notices are read in groups: nothing private). */
export const NOTICE_EXCERPT_CHARS = 24;
/** Confirmers listed as slowest. */
export const SLOWEST_SHOWN = 10;
const CHUNK = 400;
const HOUR = 3_600_000;

export interface NoticeRate {
  id: number;
  excerpt: string;
  publishAt: number;
  expected: number;
  confirmed: number;
  rate: number | null;
  /** Median hours from publishing to a confirmation. */
  medianHours: number | null;
}

export interface Confirmer {
  id: string;
  name: string;
  unitId: string | null;
  expected: number;
  confirmed: number;
  unconfirmed: number;
  medianHours: number | null;
}

export interface UnitNotices {
  notices: NoticeRate[];
  slowest: Confirmer[];
  expected: number;
  confirmed: number;
}

/**
 * Notices published in [from, now] to units among `unitIds`, with the confirmations of `people`
 * (members of those units): expected are those of the notice's target units who had joined when
 * it was published, except its sender (as 未读 counts them).
 */
export async function unitNotices(
  db: Db,
  unitIds: readonly string[],
  people: readonly Person[],
  from: number,
  now: Date,
): Promise<UnitNotices> {
  if (unitIds.length === 0) return { notices: [], slowest: [], expected: 0, confirmed: 0 };
  // Targets first (by their unit index), then the notices by id: left to itself the planner walks
  // every notice of the period by publish time instead.
  const targets = await db
    .select({ noticeId: noticeTargets.noticeId, unitId: noticeTargets.unitId })
    .from(noticeTargets)
    .where(inArray(noticeTargets.unitId, [...unitIds]));
  const targetsOf = new Map<number, Set<string>>();
  for (const t of targets) targetsOf.set(t.noticeId, (targetsOf.get(t.noticeId) ?? new Set()).add(t.unitId));
  const rows: { id: number; body: string; title: string | null; publishAt: number | null; by: string | null }[] = [];
  const wanted = [...targetsOf.keys()];
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const part = await db
      .select({
        id: notices.id,
        body: notices.body,
        title: notices.title,
        publishAt: notices.publishAt,
        by: notices.createdByMemberId,
      })
      .from(notices)
      .where(
        and(
          inArray(notices.id, wanted.slice(i, i + CHUNK)),
          eq(notices.status, 'sent'),
          gte(notices.publishAt, from),
          lte(notices.publishAt, now.getTime()),
        ),
      );
    rows.push(...part);
  }
  const byId = new Map(rows.map((row) => [row.id, { row, targets: targetsOf.get(row.id)! }]));
  const ids = [...byId.keys()];
  const acks = new Map<number, Map<string, number>>();
  const who = people.map((p) => p.id);
  for (let i = 0; i < ids.length && who.length; i += CHUNK) {
    for (let j = 0; j < who.length; j += CHUNK) {
      const part = await db
        .select({ noticeId: noticeAcks.noticeId, memberId: noticeAcks.memberId, at: noticeAcks.at })
        .from(noticeAcks)
        .where(and(inArray(noticeAcks.noticeId, ids.slice(i, i + CHUNK)), inArray(noticeAcks.memberId, who.slice(j, j + CHUNK))));
      for (const a of part) {
        const m = acks.get(a.noticeId) ?? new Map<string, number>();
        m.set(a.memberId, a.at);
        acks.set(a.noticeId, m);
      }
    }
  }
  const perPerson = new Map<string, { expected: number; delays: number[] }>();
  const list: NoticeRate[] = [];
  for (const { row, targets } of byId.values()) {
    const publishAt = row.publishAt ?? 0;
    const got = acks.get(row.id);
    let expected = 0;
    const delays: number[] = [];
    for (const p of people) {
      if (!p.unitId || !targets.has(p.unitId) || p.createdAt > publishAt || p.id === row.by) continue;
      expected++;
      const mine = perPerson.get(p.id) ?? { expected: 0, delays: [] };
      mine.expected++;
      perPerson.set(p.id, mine);
      const at = got?.get(p.id);
      if (at === undefined) continue;
      const hours = Math.max(0, at - publishAt) / HOUR;
      delays.push(hours);
      mine.delays.push(hours);
    }
    const excerpt = (row.title ?? row.body).slice(0, NOTICE_EXCERPT_CHARS);
    const confirmed = delays.length;
    const rate = expected ? confirmed / expected : null;
    list.push({ id: row.id, excerpt, publishAt, expected, confirmed, rate, medianHours: median(delays) });
  }
  list.sort((a, b) => a.publishAt - b.publishAt || a.id - b.id);
  const slowest: Confirmer[] = people
    .filter((p) => perPerson.has(p.id))
    .map((p) => {
      const s = perPerson.get(p.id)!;
      const confirmed = s.delays.length;
      const { id, name, unitId } = p;
      return { id, name, unitId, expected: s.expected, confirmed, unconfirmed: s.expected - confirmed, medianHours: median(s.delays) };
    })
    .sort(
      (a, b) =>
        b.unconfirmed - a.unconfirmed || (b.medianHours ?? 0) - (a.medianHours ?? 0) || a.name.localeCompare(b.name, 'zh'),
    )
    .slice(0, SLOWEST_SHOWN);
  return {
    notices: list,
    slowest,
    expected: list.reduce((n, x) => n + x.expected, 0),
    confirmed: list.reduce((n, x) => n + x.confirmed, 0),
  };
}
