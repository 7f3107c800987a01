import { and, asc, desc, eq, gt, inArray } from 'drizzle-orm';
import { chatBindings, identities, members, outbox } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { DAILY_CAP_HOLD, type OutboxRow } from '../../outbox/rows.js';
import { errorFactory } from '../../contracts/errors.js';
import { canManage, type Sender } from '../org/identity.js';
import type { UnitTree } from '../org/units.js';
import type { Work } from '../../contracts/work.js';

/** The refusals of 重发, by code, with what explains each. */
export interface OutboxAdminErrors {
  'outbox.nothing_dead': Record<string, never>;
  'outbox.not_found': { id: number };
  'outbox.not_dead': { id: number; status: OutboxRow['status'] };
}
const outboxAdminError = errorFactory<OutboxAdminErrors>();

/** Dead rows looked at per request; a district should never have more waiting. */
export const DEAD_SCAN_LIMIT = 500;

/** A dead outbox row with the unit it belongs to. */
export interface DeadRow {
  row: OutboxRow;
  unitId: string | null;
  chatName: string | null;
}

/**
 * The unit of each row: its own unit_id, else the unit its group chat is bound to, else (direct
 * messages) the unit of the member behind the account.
 */
export async function withUnits(db: Db, rows: OutboxRow[]): Promise<DeadRow[]> {
  const groupChats = [...new Set(rows.filter((r) => !r.direct).map((r) => r.chatId))];
  const people = [...new Set(rows.filter((r) => r.direct && !r.unitId).map((r) => r.chatId))];
  const bindings = groupChats.length
    ? await db.select().from(chatBindings).where(inArray(chatBindings.chatId, groupChats))
    : [];
  const accounts = people.length
    ? await db
        .select({ platform: identities.platform, userId: identities.userId, unitId: members.unitId })
        .from(identities)
        .innerJoin(members, eq(members.id, identities.memberId))
        .where(inArray(identities.userId, people))
    : [];
  return rows.map((row) => {
    const b = row.direct ? undefined : bindings.find((x) => x.platform === row.platform && x.chatId === row.chatId);
    const a = row.direct ? accounts.find((x) => x.platform === row.platform && x.userId === row.chatId) : undefined;
    return { row, unitId: row.unitId ?? b?.unitId ?? a?.unitId ?? null, chatName: b?.chatName ?? null };
  });
}

/** True when the actor may see and retry the row: admins all, officers their units and below. */
function visible(actor: Sender, tree: UnitTree, r: DeadRow): boolean {
  if (actor.role === 'admin') return true;
  return r.unitId !== null && canManage(actor, tree, r.unitId);
}

/** Dead rows the actor may see, newest first. */
export async function listDead(db: Db, tree: UnitTree, actor: Sender): Promise<DeadRow[]> {
  const rows = await db
    .select()
    .from(outbox)
    .where(eq(outbox.status, 'dead'))
    .orderBy(desc(outbox.id))
    .limit(DEAD_SCAN_LIMIT);
  return (await withUnits(db, rows)).filter((r) => visible(actor, tree, r));
}

/** Rows waiting for the next day because a platform's daily cap was reached, that the actor may see, oldest first. */
export async function listHeld(db: Db, tree: UnitTree, actor: Sender, now: Date): Promise<DeadRow[]> {
  const rows = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), eq(outbox.lastError, DAILY_CAP_HOLD), gt(outbox.notBefore, now.getTime())))
    .orderBy(asc(outbox.id))
    .limit(DEAD_SCAN_LIMIT);
  return (await withUnits(db, rows)).filter((r) => visible(actor, tree, r));
}

/** Puts dead rows back to pending with a fresh set of attempts; `id` null retries all visible ones. */
export async function retryDead(work: Work, tree: UnitTree, actor: Sender, id: number | null): Promise<DeadRow[]> {
  let targets: DeadRow[];
  if (id === null) {
    targets = await listDead(work.db, tree, actor);
    if (targets.length === 0) throw outboxAdminError('outbox.nothing_dead', {});
  } else {
    const rows = await work.db.select().from(outbox).where(eq(outbox.id, id)).limit(1);
    const [r] = await withUnits(work.db, rows);
    if (!r || !visible(actor, tree, r)) throw outboxAdminError('outbox.not_found', { id });
    if (r.row.status !== 'dead') throw outboxAdminError('outbox.not_dead', { id, status: r.row.status });
    targets = [r];
  }
  work.write(
    work.db
      .update(outbox)
      .set({ status: 'pending', attempts: 0, notBefore: work.now.getTime(), leaseOwner: null, leaseUntil: null })
      .where(
        and(
          inArray(
            outbox.id,
            targets.map((t) => t.row.id),
          ),
          eq(outbox.status, 'dead'),
        ),
      ),
  );
  return targets;
}
