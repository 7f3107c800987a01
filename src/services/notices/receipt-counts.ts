import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { chatBindings, identities, members, noticeAcks, noticeReads, outbox } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { PlatformCapabilities } from '../../contracts/adapter.js';
import type { Unit, UnitTree } from '../org/units.js';
import { inList } from '../../db/in-list.js';
import { ackCount, expectedWhere, type Notice } from './audience.js';

// 未读's four groups per unit counted by the database (issue 24: a notice to a whole district
// expects 50,000 members in 1,000 units; loading them and their acks to filter in JS took 0.5 s).
// The groups are those of classify (report.ts), which sorts the same people by name.

/** One unit of a notice's receipts, counted: how many confirmed and how many did not. */
export interface UnitPending {
  unit: Unit;
  expected: number;
  confirmed: number;
  /** expected − confirmed. */
  pending: number;
  /** Whether a chat of the unit is on a platform that tells who read (else nobody counts as read). */
  receipts: boolean;
  /**
   * Characters of the names of the unconfirmed, as SQLite counts them (code points: never more
   * than the UTF-16 length JS counts), for the length of the answer that would list them.
   */
  nameChars: number;
}

/** A unit's unconfirmed split as 未读 shows them: read, unread, cannot be reached. */
export interface UnitReceiptCounts extends UnitPending {
  read: number;
  unread: number;
  unreachable: number;
}

/** The group of an expected member; `read` as the stored read receipts say. */
const GROUP = { confirmed: 0, unreachable: 1, failed: 2, read: 3, unread: 4 } as const;

/** Most member ids bound in one `IN (…)` (SQLite's limit is 32,766 variables per statement). */
const IDS_PER_QUERY = 5000;

/**
 * Bits per count in the packed sum below; a unit may then expect up to 2^20 − 1 members (a
 * district has 50,000 in all), which receiptCounts checks.
 */
const PACK_BITS = 20;
const MAX_UNIT_MEMBERS = 2 ** PACK_BITS - 1;

/**
 * The group of each member row of the query: confirmed (an ack), unreachable (no account on a
 * platform of the unit's chats), failed (every notice row to those chats dead), read (an account
 * there in notice_reads), else unread. One correlated subquery over the member's accounts on the
 * unit's chats, run only for those who have not confirmed. CROSS JOIN keeps SQLite from starting
 * at identities by platform (a scan of every account of a platform for each member).
 */
function groupOf(noticeId: number): SQL<number> {
  const dead = sql`(SELECT ${outbox.platform}, ${outbox.chatId} FROM ${outbox}
    WHERE ${outbox.kind} = 'notice' AND ${outbox.ref} = ${String(noticeId)} AND ${outbox.status} = 'dead')`;
  return sql<number>`CASE WHEN ${noticeAcks.memberId} IS NOT NULL THEN ${GROUP.confirmed} ELSE (
    SELECT CASE WHEN count(*) = 0 THEN ${GROUP.unreachable}
      WHEN min((c.platform, c.chat_id) IN ${dead}) THEN ${GROUP.failed}
      WHEN max(r.user_id IS NOT NULL) THEN ${GROUP.read} ELSE ${GROUP.unread} END
    FROM ${identities} i CROSS JOIN ${chatBindings} c ON c.platform = i.platform AND c.unit_id = ${members.unitId}
    LEFT JOIN ${noticeReads} r ON r.notice_id = ${noticeId} AND r.platform = i.platform AND r.user_id = i.user_id
    WHERE i.member_id = ${members.id}) END`;
}

/**
 * The counts of confirmed, unreachable and read members of a unit in one sum (PACK_BITS each, in
 * that order from the lowest bits): SQLite runs a subquery once per place it is written, and
 * `GROUP BY unit, group` costs a sort of every row.
 */
function packedGroups(noticeId: number): SQL<number> {
  const [u, r] = [2 ** PACK_BITS, 2 ** (2 * PACK_BITS)];
  return sql<number>`sum(CASE ${groupOf(noticeId)} WHEN ${GROUP.confirmed} THEN 1 WHEN ${GROUP.unreachable} THEN ${u}
    WHEN ${GROUP.failed} THEN ${u} WHEN ${GROUP.read} THEN ${r} ELSE 0 END)`;
}

const field = (packed: number, i: number) => Math.floor(packed / 2 ** (i * PACK_BITS)) % 2 ** PACK_BITS;

/** Platforms of the chats bound to each of `unitIds`. */
async function chatPlatformsOf(db: Db, unitIds: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const chats = await db
    .selectDistinct({ unitId: chatBindings.unitId, platform: chatBindings.platform })
    .from(chatBindings)
    .where(inList(chatBindings.unitId, unitIds));
  for (const c of chats) out.set(c.unitId, (out.get(c.unitId) ?? new Set()).add(c.platform));
  return out;
}

const joinAcks = (notice: Notice) => and(eq(noticeAcks.noticeId, notice.id), eq(noticeAcks.memberId, members.id));

/**
 * Per unit of `units` (in their order), how many confirmed the notice and how many did not: one
 * pass over the expected members and their acks (a district: 50,000 of each, 25 ms of the 40 the
 * split below would cost for every unit).
 */
export async function receiptCounts(
  db: Db,
  notice: Notice,
  units: readonly Unit[],
  platforms: ReadonlyMap<string, PlatformCapabilities>,
  tree?: UnitTree,
): Promise<UnitPending[]> {
  const ids = units.map((u) => u.id);
  if (ids.length === 0) return [];
  if (!tree || ids.length < KEPT_COUNTS_MIN_UNITS) return countReceipts(db, notice, units, platforms);
  // Kept while the notice's acks number the same and the organisation is the same tree (the org
  // cache builds a new one when this process changes the organisation, and every few seconds).
  const acks = await ackCount(db, notice.id);
  const byNotice = keptCounts.get(tree) ?? new Map<string, KeptCounts>();
  keptCounts.set(tree, byNotice);
  const key = `${notice.id}\u0000${ids.join(',')}`;
  const hit = byNotice.get(key);
  if (hit && hit.acks === acks) return hit.counts.map((c) => ({ ...c }));
  const counts = await countReceipts(db, notice, units, platforms);
  if (byNotice.size >= KEPT_COUNTS_MAX) byNotice.clear();
  byNotice.set(key, { acks, counts: counts.map((c) => ({ ...c })) });
  return counts;
}

/**
 * Audiences of at least this many units keep their counts (a district's 1,000: counting costs
 * 35 ms, most of 未读's time); smaller ones count each time.
 */
export const KEPT_COUNTS_MIN_UNITS = 100;
/** Counts kept per unit tree at most (notices × the units' lists asked about). */
const KEPT_COUNTS_MAX = 64;

interface KeptCounts {
  /** The notice's confirmations when the counts were made: one more (or fewer) and they are stale. */
  acks: number;
  counts: UnitPending[];
}

/** Per unit tree (src/services/org/cache.ts replaces it when the organisation changes). */
const keptCounts = new WeakMap<UnitTree, Map<string, KeptCounts>>();

async function countReceipts(
  db: Db,
  notice: Notice,
  units: readonly Unit[],
  platforms: ReadonlyMap<string, PlatformCapabilities>,
): Promise<UnitPending[]> {
  const ids = units.map((u) => u.id);
  const rows = await db
    .select({
      unitId: members.unitId,
      n: count(),
      confirmed: count(noticeAcks.memberId),
      chars: sql<number>`sum(iif(${noticeAcks.memberId} IS NULL, length(${members.name}), 0))`,
    })
    .from(members)
    .leftJoin(noticeAcks, joinAcks(notice))
    .where(expectedWhere(ids, notice))
    .groupBy(members.unitId);
  const byUnit = new Map(rows.map((r) => [r.unitId, r]));
  const chatPlatforms = await chatPlatformsOf(db, ids);
  return units.map((unit) => {
    const r = byUnit.get(unit.id);
    const [expected, confirmed] = [r?.n ?? 0, r?.confirmed ?? 0];
    const receipts = [...(chatPlatforms.get(unit.id) ?? [])].some((p) => platforms.get(p)?.readReceipts);
    return { unit, expected, confirmed, pending: expected - confirmed, receipts, nameChars: Number(r?.chars ?? 0) };
  });
}

/**
 * The unconfirmed of `units` split into read, unread and unreachable (classify's groups), for the
 * few units an answer shows: `fresh` are readers ("platform\u0000userId") the platforms just told
 * of and not yet stored (refreshReads).
 */
export async function splitReceipts(
  db: Db,
  notice: Notice,
  units: readonly UnitPending[],
  fresh: ReadonlySet<string>,
): Promise<UnitReceiptCounts[]> {
  const ids = units.map((u) => u.unit.id);
  if (ids.length === 0) return [];
  const rows = await db
    .select({ unitId: members.unitId, n: count(), packed: packedGroups(notice.id) })
    .from(members)
    .leftJoin(noticeAcks, joinAcks(notice))
    .where(expectedWhere(ids, notice))
    .groupBy(members.unitId);
  const byUnit = new Map<string, UnitReceiptCounts>();
  for (const u of units) byUnit.set(u.unit.id, { ...u, read: 0, unread: u.pending, unreachable: 0 });
  for (const r of rows) {
    const u = byUnit.get(r.unitId ?? '');
    if (!u) continue;
    if (r.n > MAX_UNIT_MEMBERS)
      throw new Error(`unit ${u.unit.id} expects ${r.n} members, more than splitReceipts counts`);
    const packed = Number(r.packed);
    u.unreachable = field(packed, 1);
    u.read = u.receipts ? field(packed, 2) : 0;
    u.unread = u.pending - u.unreachable - u.read;
  }
  if (fresh.size) await countFreshReaders(db, notice, byUnit, await chatPlatformsOf(db, ids), fresh);
  return units.map((u) => byUnit.get(u.unit.id)!);
}

/**
 * Moves to `read` the unread whose account on a platform of their unit's chats is among `fresh`
 * (readers not stored yet, so not seen by the query): their accounts are looked up by user id,
 * then those members' groups by the same query.
 */
async function countFreshReaders(
  db: Db,
  notice: Notice,
  byUnit: Map<string, UnitReceiptCounts>,
  chatPlatforms: ReadonlyMap<string, ReadonlySet<string>>,
  fresh: ReadonlySet<string>,
): Promise<void> {
  const byPlatform = new Map<string, string[]>();
  for (const key of fresh) {
    const [platform, userId] = key.split('\u0000') as [string, string];
    const list = byPlatform.get(platform);
    if (list) list.push(userId);
    else byPlatform.set(platform, [userId]);
  }
  const readOn = new Map<string, Set<string>>();
  for (const [platform, userIds] of byPlatform) {
    for (let i = 0; i < userIds.length; i += IDS_PER_QUERY) {
      const accounts = await db
        .select({ memberId: identities.memberId })
        .from(identities)
        .where(and(eq(identities.platform, platform), inArray(identities.userId, userIds.slice(i, i + IDS_PER_QUERY))));
      for (const a of accounts) readOn.set(a.memberId, (readOn.get(a.memberId) ?? new Set()).add(platform));
    }
  }
  const candidates = [...readOn.keys()];
  const ids = [...byUnit.keys()];
  const group = groupOf(notice.id);
  for (let i = 0; i < candidates.length; i += IDS_PER_QUERY) {
    const rows = await db
      .select({ id: members.id, unitId: members.unitId, group })
      .from(members)
      .leftJoin(noticeAcks, joinAcks(notice))
      .where(and(expectedWhere(ids, notice), inArray(members.id, candidates.slice(i, i + IDS_PER_QUERY))));
    for (const r of rows) {
      const u = byUnit.get(r.unitId ?? '');
      if (!u?.receipts || r.group !== GROUP.unread) continue;
      const on = chatPlatforms.get(u.unit.id);
      if (![...readOn.get(r.id)!].some((p) => on?.has(p))) continue;
      u.read += 1;
      u.unread -= 1;
    }
  }
}
