import { and, eq, inArray } from 'drizzle-orm';
import { identities, outbox } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { PlatformCapabilities } from '../../contracts/adapter.js';
import type { MemberRecord } from '../org/identity.js';
import type { Unit } from '../org/units.js';
import { boundChats } from './audience.js';

// 未读's four groups per unit: 已确认, 已读未确认, 未读, 无法送达.

/**
 * Why a notice cannot reach someone: their unit has no bound chat, they have no account on a
 * platform of its chats, or every send to those chats failed for good.
 */
export type UnreachableWhy = 'no_chat' | 'no_account' | 'failed';

/** One unit of a notice's receipts. */
export interface UnitReceipts {
  unit: Unit;
  expected: number;
  confirmed: number;
  /** Everyone who has not confirmed (read, unread and unreachable together), in roster order. */
  pending: MemberRecord[];
  /** Whether a chat of the unit is on a platform that tells who read (else `read` stays empty). */
  receipts: boolean;
  read: MemberRecord[];
  unread: MemberRecord[];
  unreachable: { member: MemberRecord; why: UnreachableWhy }[];
}

/** Most ids bound in one `IN (…)`: SQLite's limit is 32,766 variables per statement. */
const IDS_PER_QUERY = 5000;

/** "platform\u0000memberId" → the member's user id on that platform. */
export async function accountsOf(db: Db, people: readonly MemberRecord[]): Promise<Map<string, string>> {
  const accounts = new Map<string, string>();
  for (let i = 0; i < people.length; i += IDS_PER_QUERY) {
    const ids = people.slice(i, i + IDS_PER_QUERY).map((m) => m.id);
    const rows = await db
      .select({ platform: identities.platform, userId: identities.userId, memberId: identities.memberId })
      .from(identities)
      .where(inArray(identities.memberId, ids));
    for (const a of rows) accounts.set(`${a.platform}\u0000${a.memberId}`, a.userId);
  }
  return accounts;
}

/**
 * Sorts each unit's unconfirmed members into read (a reader on a platform they have an account
 * on), unreachable (no account on a platform of the unit's chats, or every notice row to those
 * chats failed for good) and unread.
 */
export async function classify(
  db: Db,
  noticeId: number,
  units: readonly { unit: Unit; expected: number; pending: MemberRecord[] }[],
  readers: ReadonlySet<string>,
  platforms: ReadonlyMap<string, PlatformCapabilities>,
): Promise<UnitReceipts[]> {
  const chats = await boundChats(
    db,
    units.map((u) => u.unit.id),
  );
  const accounts = await accountsOf(
    db,
    units.flatMap((u) => u.pending),
  );
  const rows = await db
    .select({ platform: outbox.platform, chatId: outbox.chatId, status: outbox.status })
    .from(outbox)
    .where(and(eq(outbox.kind, 'notice'), eq(outbox.ref, String(noticeId))));
  const status = new Map(rows.map((r) => [`${r.platform}\u0000${r.chatId}`, r.status]));
  const chatsOf = new Map<string, typeof chats>();
  for (const c of chats) chatsOf.set(c.unitId, [...(chatsOf.get(c.unitId) ?? []), c]);
  return units.map(({ unit, expected, pending }) => {
    const mine = chatsOf.get(unit.id) ?? [];
    const unitPlatforms = [...new Set(mine.map((c) => c.platform))];
    const receipts = unitPlatforms.some((p) => platforms.get(p)?.readReceipts);
    const out: UnitReceipts = {
      unit,
      expected,
      confirmed: expected - pending.length,
      pending,
      receipts,
      read: [],
      unread: [],
      unreachable: [],
    };
    for (const m of pending) {
      const on = unitPlatforms.filter((p) => accounts.has(`${p}\u0000${m.id}`));
      if (on.length === 0) {
        out.unreachable.push({ member: m, why: mine.length ? 'no_account' : 'no_chat' });
        continue;
      }
      const theirs = mine.filter((c) => on.includes(c.platform));
      if (theirs.every((c) => status.get(`${c.platform}\u0000${c.chatId}`) === 'dead')) {
        out.unreachable.push({ member: m, why: 'failed' });
        continue;
      }
      const read = receipts && on.some((p) => readers.has(`${p}\u0000${accounts.get(`${p}\u0000${m.id}`)}`));
      (read ? out.read : out.unread).push(m);
    }
    return out;
  });
}
