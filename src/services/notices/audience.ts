import { and, count, desc, eq, inArray, lte, max, ne, notExists, sql, type SQL } from 'drizzle-orm';
import { chatBindings, members, noticeAcks, noticeTargets, notices } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { inList } from '../../db/in-list.js';
import { actorIdentity } from '../../contracts/identity.js';
import type { ChatBinding, MemberRecord, Sender } from '../org/identity.js';
import type { Unit, UnitTree } from '../org/units.js';
import { noticeError } from './errors.js';
import { followUpScope, followUpUnits } from './scope.js';

/** A notice row. */
export type Notice = typeof notices.$inferSelect;

/** Who a notice reaches: every chat bound to a target unit, and the members of those units. */
export interface Reach {
  chats: ChatBinding[];
  people: number;
  /** The same per target unit, in the order of the targets. */
  units: { unitId: string; chats: ChatBinding[]; people: number }[];
}

/** A unit named after 到, and whether the notice stops there (仅本级) or reaches every unit below it. */
export interface NamedTarget {
  unit: Unit;
  only: boolean;
}

/**
 * The units a notice is addressed to: each named unit and, unless it is marked 仅本级, every unit
 * below it (a 党委 without a chat of its own reaches its 支部), each once, in tree order.
 */
export function audienceUnits(tree: UnitTree, named: readonly NamedTarget[]): Unit[] {
  const out = new Map<string, Unit>();
  for (const t of named) for (const u of t.only ? [t.unit] : tree.subtree(t.unit.id)) out.set(u.id, u);
  return [...out.values()];
}

/** The chats bound to `unitIds`. */
export async function boundChats(db: Db, unitIds: string[]): Promise<ChatBinding[]> {
  if (unitIds.length === 0) return [];
  return db
    .select({
      platform: chatBindings.platform,
      chatId: chatBindings.chatId,
      unitId: chatBindings.unitId,
      chatName: chatBindings.chatName,
    })
    .from(chatBindings)
    .where(inArray(chatBindings.unitId, unitIds))
    .orderBy(chatBindings.unitId, chatBindings.platform, chatBindings.chatId);
}

type Audience = Pick<Notice, 'createdByMemberId' | 'publishAt'>;

/** The members expected to confirm (expectedMembers) as a condition on `members`. */
export function expectedWhere(unitIds: string[], notice: Audience | null): SQL | undefined {
  const conds: (SQL | undefined)[] = [inList(members.unitId, unitIds)];
  if (notice?.publishAt != null) conds.push(lte(members.createdAt, notice.publishAt));
  if (notice?.createdByMemberId) conds.push(ne(members.id, notice.createdByMemberId));
  return and(...conds);
}

/**
 * Members expected to confirm: those of the target units who had joined when it was published,
 * except its sender.
 */
export async function expectedMembers(db: Db, unitIds: string[], notice: Audience | null): Promise<MemberRecord[]> {
  if (unitIds.length === 0) return [];
  const rows = await db.select().from(members).where(expectedWhere(unitIds, notice));
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'zh'));
}

/** Roster order: by name as Chinese readers sort them (the same order as `localeCompare(…, 'zh')`). */
const byName = new Intl.Collator('zh');

/**
 * The expected members (expectedMembers) who have not confirmed, in roster order: a notice to a
 * district loads its few thousand unconfirmed, not its 50,000 members and their acks.
 */
export async function pendingMembers(db: Db, unitIds: string[], notice: Notice): Promise<MemberRecord[]> {
  if (unitIds.length === 0) return [];
  const acked = db
    .select({ one: sql`1` })
    .from(noticeAcks)
    .where(and(eq(noticeAcks.noticeId, notice.id), eq(noticeAcks.memberId, members.id)));
  const rows = await db
    .select()
    .from(members)
    .where(and(expectedWhere(unitIds, notice), notExists(acked)));
  return rows.sort((a, b) => byName.compare(a.name, b.name));
}

/** How many members each of `unitIds` expects to confirm the notice (units without any are left out). */
export async function expectedCounts(db: Db, unitIds: string[], notice: Audience): Promise<Map<string, number>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db
    .select({ unitId: members.unitId, n: count() })
    .from(members)
    .where(expectedWhere(unitIds, notice))
    .groupBy(members.unitId);
  return new Map(rows.map((r) => [r.unitId ?? '', r.n]));
}

/**
 * How many of those expected (expectedWhere) there are and how many of them confirmed, counted by
 * the database: a whole-district notice expects 50,000, and a Lark card shows this count on
 * every confirmation.
 */
export async function confirmationCount(
  db: Db,
  unitIds: string[],
  notice: Audience & { id: number },
): Promise<{ confirmed: number; total: number }> {
  if (unitIds.length === 0) return { confirmed: 0, total: 0 };
  const [r] = await db
    .select({ total: count(), confirmed: count(noticeAcks.memberId) })
    .from(members)
    .leftJoin(noticeAcks, and(eq(noticeAcks.noticeId, notice.id), eq(noticeAcks.memberId, members.id)))
    .where(expectedWhere(unitIds, notice));
  return { confirmed: r?.confirmed ?? 0, total: r?.total ?? 0 };
}

/** Confirmations of a notice so far (anyone's, as 收到 numbers them). */
export async function ackCount(db: Db, noticeId: number): Promise<number> {
  const [r] = await db.select({ n: count() }).from(noticeAcks).where(eq(noticeAcks.noticeId, noticeId));
  return r?.n ?? 0;
}

/** When `memberId` confirmed the notice, or null. */
export async function ackOf(db: Db, noticeId: number, memberId: string): Promise<number | null> {
  const [r] = await db
    .select({ at: noticeAcks.at })
    .from(noticeAcks)
    .where(and(eq(noticeAcks.noticeId, noticeId), eq(noticeAcks.memberId, memberId)))
    .limit(1);
  return r?.at ?? null;
}

/** Counts for a draft's preview. */
export async function reachOf(db: Db, unitIds: string[], senderMemberId: string | null): Promise<Reach> {
  const chats = await boundChats(db, unitIds);
  if (unitIds.length === 0) return { chats, people: 0, units: [] };
  const audience = { createdByMemberId: senderMemberId, publishAt: null };
  const rows = await db
    .select({ unitId: members.unitId, n: count() })
    .from(members)
    .where(expectedWhere(unitIds, audience))
    .groupBy(members.unitId);
  const people = new Map(rows.map((r) => [r.unitId, r.n]));
  const units = unitIds.map((unitId) => ({
    unitId,
    chats: chats.filter((c) => c.unitId === unitId),
    people: people.get(unitId) ?? 0,
  }));
  return { chats, people: rows.reduce((n, r) => n + r.n, 0), units };
}

export async function targetsOf(db: Db, noticeId: number): Promise<string[]> {
  const rows = await db
    .select({ unitId: noticeTargets.unitId })
    .from(noticeTargets)
    .where(eq(noticeTargets.noticeId, noticeId));
  return rows.map((r) => r.unitId);
}

export async function acksOf(db: Db, noticeId: number): Promise<Map<string, number>> {
  const rows = await db
    .select({ memberId: noticeAcks.memberId, at: noticeAcks.at })
    .from(noticeAcks)
    .where(eq(noticeAcks.noticeId, noticeId));
  return new Map(rows.map((r) => [r.memberId, r.at]));
}

/** The next notice number. */
export async function nextNoticeId(db: Db): Promise<number> {
  const [r] = await db.select({ n: max(notices.id) }).from(notices);
  return (r?.n ?? 0) + 1;
}

/** True once a sent notice has reached its chats. */
export function isPublished(n: Notice, now: Date): boolean {
  return n.status === 'sent' && n.publishAt !== null && n.publishAt <= now.getTime();
}

/** The latest published notice addressed to any of `unitIds` (any unit when null). */
export async function latestPublished(db: Db, unitIds: string[] | null, now: Date): Promise<Notice | null> {
  const published = and(eq(notices.status, 'sent'), lte(notices.publishAt, now.getTime()));
  const order = [desc(notices.publishAt), desc(notices.id)];
  if (unitIds === null) {
    const [n] = await db
      .select()
      .from(notices)
      .where(published)
      .orderBy(...order)
      .limit(1);
    return n ?? null;
  }
  if (unitIds.length === 0) return null;
  const [row] = await db
    .select({ n: notices })
    .from(notices)
    .innerJoin(noticeTargets, eq(noticeTargets.noticeId, notices.id))
    .where(and(published, inArray(noticeTargets.unitId, unitIds)))
    .orderBy(...order)
    .limit(1);
  return row?.n ?? null;
}

export async function noticeById(db: Db, id: number): Promise<Notice | null> {
  const [n] = await db.select().from(notices).where(eq(notices.id, id)).limit(1);
  return n ?? null;
}

/** The actor's last draft, or null. */
export async function lastDraftOf(db: Db, actor: Sender): Promise<Notice | null> {
  const [draft] = await db
    .select()
    .from(notices)
    .where(and(eq(notices.createdByIdentity, actorIdentity(actor)), eq(notices.status, 'draft')))
    .orderBy(desc(notices.id))
    .limit(1);
  return draft ?? null;
}

/** A published notice an officer may follow up (未读, 催办), with the target units they manage. */
export async function noticeForOfficer(
  db: Db,
  tree: UnitTree,
  actor: Sender,
  id: number | undefined,
  now: Date,
): Promise<{ notice: Notice; units: Unit[] }> {
  let notice: Notice | null;
  if (id === undefined) {
    // An officer also follows up what they sent themselves, wherever it went.
    notice = await latestPublished(db, followUpScope(actor, tree), now);
    const own = await latestOwn(db, actor, now);
    if (own && (!notice || (own.publishAt ?? 0) > (notice.publishAt ?? 0))) notice = own;
    if (!notice) throw noticeError('notice.none_published', {});
  } else {
    notice = await noticeById(db, id);
    if (!notice || notice.status !== 'sent') throw noticeError('notice.not_sent', { id });
    if (!isPublished(notice, now)) {
      throw noticeError('notice.not_yet_published', { id, publishAt: notice.publishAt ?? 0 });
    }
  }
  if (notice.withdrawnAt !== null) throw noticeError('notice.withdrawn', { id: notice.id, at: notice.withdrawnAt });
  // In the tree's order (units as they were created: a 党委 before its 支部, 第一 before 第二).
  const order = new Map([...tree.byId.keys()].map((k, i) => [k, i]));
  const targets = (await targetsOf(db, notice.id))
    .map((u) => tree.get(u))
    .filter((u): u is Unit => !!u)
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const units = followUpUnits(actor, tree, notice, targets);
  if (units.length === 0) throw noticeError('notice.no_receipt_access', { id: notice.id });
  return { notice, units };
}

async function latestOwn(db: Db, actor: Sender, now: Date): Promise<Notice | null> {
  const [n] = await db
    .select()
    .from(notices)
    .where(
      and(
        eq(notices.createdByIdentity, actorIdentity(actor)),
        eq(notices.status, 'sent'),
        lte(notices.publishAt, now.getTime()),
      ),
    )
    .orderBy(desc(notices.publishAt), desc(notices.id))
    .limit(1);
  return n ?? null;
}
