import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { members, needEvents, needs } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import { CommandError } from '../../command/errors.js';
import { canManage, type Sender } from '../org/identity.js';
import type { UnitTree } from '../org/units.js';
import type { Work } from '../../contracts/work.js';
import { STATUS_LABEL, transition, type Actor, type NeedEvent, type NeedStatus } from './lifecycle.js';
import { formatTimeMask } from './schedule.js';
import { URGENCY_LABEL, type NeedType, type Urgency } from './skills.js';

export type NeedRow = typeof needs.$inferSelect;

export const MAX_DESCRIPTION_CHARS = 200;
export const MAX_AREA_CHARS = 30;
/** Most needs one 需求列表 answer shows. */
export const MAX_LISTED_NEEDS = 30;

/** The next human-facing need number; a race on it is a primary-key conflict and a retry. */
export async function nextNeedId(db: Db): Promise<number> {
  const rows = await db.select({ max: sql<number | null>`max(${needs.id})` }).from(needs);
  return (rows[0]?.max ?? 0) + 1;
}

export interface NewNeed {
  id: number;
  unitId: string;
  type: NeedType;
  description: string;
  area: string;
  urgency: Urgency;
  timeMask: number;
  createdBy: string;
}

/** Registers a need (no personal data: that is collected separately, in a direct chat). */
export function createNeed(work: Work, input: NewNeed): NeedRow {
  const now = work.now.getTime();
  const row: NeedRow = {
    ...input,
    status: 'open',
    version: 0,
    volunteerId: null,
    createdAt: now,
    statusAt: now,
    lastVisitAt: null,
    rating: null,
    ratingComment: null,
    consent: null,
    consentAt: null,
    consentBy: null,
    nameEnc: null,
    phoneEnc: null,
    addressEnc: null,
  };
  work.write(work.db.insert(needs).values(row));
  return row;
}

/** A need by number, or a refusal naming the number. */
export async function loadNeed(db: Db, id: number): Promise<NeedRow> {
  const rows = await db.select().from(needs).where(eq(needs.id, id)).limit(1);
  if (!rows[0]) throw new CommandError(`找不到需求 #${id}。发送「需求列表」查看。`);
  return rows[0];
}

/** How the sender relates to a need: its assigned volunteer, an officer over its unit, both or neither. */
export function actorsFor(sender: Sender, tree: UnitTree, need: NeedRow): Actor[] {
  const out: Actor[] = [];
  if (sender.member && need.volunteerId === sender.member.id) out.push('volunteer');
  if (canManage(sender, tree, need.unitId)) out.push('officer');
  return out;
}

/** Refuses anyone who is neither an officer over the need's unit nor its assigned volunteer. */
export function requireActor(sender: Sender, tree: UnitTree, need: NeedRow, only?: Actor): Actor[] {
  const actors = actorsFor(sender, tree, need).filter((a) => !only || a === only);
  if (actors.length === 0) {
    throw new CommandError(
      only === 'officer' ? `需求 #${need.id} 不在你管理的组织内。` : `需求 #${need.id} 不是派给你的，也不在你管理的组织内。`,
    );
  }
  return actors;
}

/**
 * Moves a need through `event` as the first of the sender's roles that may, writing the new state
 * and a history row (whose key makes racing transitions conflict). Refusals name the current state.
 */
export function applyTransition(
  work: Work,
  tree: UnitTree,
  sender: Sender,
  need: NeedRow,
  event: NeedEvent,
  change: { patch?: Partial<NeedRow>; note?: string | null } = {},
): NeedStatus {
  const results = requireActor(sender, tree, need).map((a) => transition(need.status as NeedStatus, event, a));
  const ok = results.find((r) => r.ok);
  if (!ok || !ok.ok) {
    const refusal = results.find((r) => !r.ok && r.reason === 'state') ?? results[0]!;
    throw new CommandError(`需求 #${need.id}：${refusal.ok ? '' : refusal.message}`);
  }
  const now = work.now.getTime();
  const patch = change.patch ?? {};
  const statusChanged = ok.to !== need.status;
  work.write(
    work.db
      .update(needs)
      .set({ ...patch, status: ok.to, version: need.version + 1, ...(statusChanged ? { statusAt: now } : {}) })
      .where(eq(needs.id, need.id)),
    work.db.insert(needEvents).values({
      needId: need.id,
      seq: need.version + 1,
      event,
      fromStatus: need.status,
      toStatus: ok.to,
      actorMemberId: sender.member?.id ?? null,
      volunteerId: patch.volunteerId !== undefined ? patch.volunteerId : need.volunteerId,
      at: now,
      note: change.note ?? null,
    }),
  );
  return ok.to;
}

/** Unit ids an officer sees: the chat's bound unit (if managed) or their own, with everything below. */
export function managedUnitIds(sender: Sender, tree: UnitTree, boundUnitId: string | null): string[] {
  const base = boundUnitId ?? sender.member?.unitId ?? null;
  if (base && canManage(sender, tree, base)) return tree.subtree(base).map((u) => u.id);
  if (sender.role === 'admin') return [...tree.byId.keys()];
  if (base) throw new CommandError(`你无权查看「${tree.get(base)?.name ?? '该组织'}」的结对需求。`);
  throw new CommandError('请在已绑定组织的群里使用，或先加入一个组织。');
}

const URGENCY_ORDER = sql`CASE ${needs.urgency} WHEN 'critical' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END`;

/** Needs of some units in some states, most urgent first, with the volunteer's name. */
export async function listNeeds(db: Db, unitIds: string[], statuses: readonly NeedStatus[]) {
  if (unitIds.length === 0) return [];
  return db
    .select({ need: needs, volunteerName: members.name })
    .from(needs)
    .leftJoin(members, eq(members.id, needs.volunteerId))
    .where(and(inArray(needs.unitId, unitIds), inArray(needs.status, [...statuses])))
    .orderBy(URGENCY_ORDER, asc(needs.status), desc(needs.id))
    .limit(MAX_LISTED_NEEDS + 1);
}

/** "#12 助老 · 阳光小区 · 紧急 · 待派单" — never personal data, safe for a group chat. */
export function needTitle(need: Pick<NeedRow, 'id' | 'type' | 'area' | 'urgency' | 'status'>, withStatus = true): string {
  const parts = [`#${need.id} ${need.type}`];
  if (need.area) parts.push(need.area);
  if (need.urgency !== 'normal') parts.push(URGENCY_LABEL[need.urgency as Urgency]);
  if (withStatus) parts.push(STATUS_LABEL[need.status as NeedStatus]);
  return parts.join(' · ');
}

/** Title, description and needed time, on two lines. */
export function needSummary(need: NeedRow): string {
  const time = need.timeMask ? `（时间：${formatTimeMask(need.timeMask)}）` : '';
  return `${needTitle(need)}\n${need.description}${time}`;
}

/** Whether the household's contact data is recorded: for lists and replies, without the data. */
export function householdState(need: Pick<NeedRow, 'consent' | 'nameEnc' | 'phoneEnc' | 'addressEnc'>): string {
  if (need.consent === false) return '住户未同意提供联系方式';
  if (need.consent && need.nameEnc && need.phoneEnc && need.addressEnc) return '住户信息已登记';
  return '住户信息待登记';
}
