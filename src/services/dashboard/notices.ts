// Notice confirmation (回执) of one unit's members: a rate per notice and the slowest confirmers.
import { and, count, inArray } from 'drizzle-orm';
import { noticeAcks, notices, noticeTargets } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { Person } from '../meetings/attendance.js';
import { byName } from './attendance.js';
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

/** A notice of the period with its target units among those loaded. */
interface LoadedNotice {
  row: { id: number; body: string; title: string | null; publishAt: number; by: string | null };
  targets: Set<string>;
}

/** Notices and confirmations loaded once for several units (see loadNotices). */
export interface NoticeData {
  notices: LoadedNotice[];
  /** notice id → member id → when they confirmed. */
  acks: Map<number, Map<string, number>>;
}

/** A notice sent to at most this many units reaches few people: all its confirmations are read. */
const NARROW_TARGETS = 3;

/**
 * The sent notices published in [from, now] to any of `unitIds`, and the confirmations of
 * `people` (members of those units). Targets are read first (by their unit index), then the
 * notices by id; the confirmations of a notice to a few units are read whole, those of a wide one
 * (a 区委's to every branch: tens of thousands) only for `people`.
 */
export async function loadNotices(
  db: Db,
  unitIds: readonly string[],
  people: readonly Person[],
  from: number,
  now: Date,
): Promise<NoticeData> {
  const acks = new Map<number, Map<string, number>>();
  if (unitIds.length === 0) return { notices: [], acks };
  const targets = await db
    .select({ noticeId: noticeTargets.noticeId, unitId: noticeTargets.unitId })
    .from(noticeTargets)
    .where(inArray(noticeTargets.unitId, [...unitIds]));
  const targetsOf = new Map<number, Set<string>>();
  for (const t of targets) targetsOf.set(t.noticeId, (targetsOf.get(t.noticeId) ?? new Set()).add(t.unitId));
  const list: LoadedNotice[] = [];
  const wanted = [...targetsOf.keys()];
  for (let i = 0; i < wanted.length; i += CHUNK) {
    // By id only: with the status and time in the query the planner walks the period's notices.
    const part = await db
      .select({
        id: notices.id,
        body: notices.body,
        title: notices.title,
        status: notices.status,
        publishAt: notices.publishAt,
        by: notices.createdByMemberId,
      })
      .from(notices)
      .where(inArray(notices.id, wanted.slice(i, i + CHUNK)));
    for (const n of part) {
      const at = n.publishAt;
      if (n.status !== 'sent' || at === null || at < from || at > now.getTime()) continue;
      list.push({
        row: { id: n.id, body: n.body, title: n.title, publishAt: at, by: n.by },
        targets: targetsOf.get(n.id)!,
      });
    }
  }
  const ids = list.map((n) => n.row.id);
  const wide = new Set<number>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const counts = await db
      .select({ id: noticeTargets.noticeId, n: count() })
      .from(noticeTargets)
      .where(inArray(noticeTargets.noticeId, ids.slice(i, i + CHUNK)))
      .groupBy(noticeTargets.noticeId);
    for (const c of counts) if (c.n > NARROW_TARGETS) wide.add(c.id);
  }
  const add = (part: { noticeId: number; memberId: string; at: number }[]) => {
    for (const a of part) {
      const m = acks.get(a.noticeId) ?? new Map<string, number>();
      m.set(a.memberId, a.at);
      acks.set(a.noticeId, m);
    }
  };
  const columns = { noticeId: noticeAcks.noticeId, memberId: noticeAcks.memberId, at: noticeAcks.at };
  const narrow = ids.filter((id) => !wide.has(id));
  for (let i = 0; i < narrow.length; i += CHUNK) {
    add(
      await db
        .select(columns)
        .from(noticeAcks)
        .where(inArray(noticeAcks.noticeId, narrow.slice(i, i + CHUNK))),
    );
  }
  const broad = [...wide];
  const who = people.map((p) => p.id);
  for (let i = 0; i < broad.length && who.length; i += CHUNK) {
    for (let j = 0; j < who.length; j += CHUNK) {
      const where = and(
        inArray(noticeAcks.noticeId, broad.slice(i, i + CHUNK)),
        inArray(noticeAcks.memberId, who.slice(j, j + CHUNK)),
      );
      add(await db.select(columns).from(noticeAcks).where(where));
    }
  }
  return { notices: list, acks };
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
  return noticesOf(await loadNotices(db, unitIds, people, from, now), unitIds, people);
}

/** The figures of the members `people` of the units `unitIds`, from data loaded for them (and maybe others). */
export function noticesOf(data: NoticeData, unitIds: readonly string[], people: readonly Person[]): UnitNotices {
  const mine = new Set(unitIds);
  const byId = new Map<number, LoadedNotice>();
  for (const n of data.notices) {
    const targets = new Set([...n.targets].filter((u) => mine.has(u)));
    if (targets.size) byId.set(n.row.id, { row: n.row, targets });
  }
  const acks = data.acks;
  const perPerson = new Map<string, { expected: number; delays: number[] }>();
  const list: NoticeRate[] = [];
  for (const { row, targets } of byId.values()) {
    const publishAt = row.publishAt;
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
      return {
        id,
        name,
        unitId,
        expected: s.expected,
        confirmed,
        unconfirmed: s.expected - confirmed,
        medianHours: median(s.delays),
      };
    })
    .sort(
      (a, b) => b.unconfirmed - a.unconfirmed || (b.medianHours ?? 0) - (a.medianHours ?? 0) || byName(a.name, b.name),
    )
    .slice(0, SLOWEST_SHOWN);
  return {
    notices: list,
    slowest,
    expected: list.reduce((n, x) => n + x.expected, 0),
    confirmed: list.reduce((n, x) => n + x.confirmed, 0),
  };
}
