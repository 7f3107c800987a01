import { and, eq, ne } from 'drizzle-orm';
import { appointmentDrafts, members } from '../../db/schema.js';
import type { Db } from '../../contracts/store.js';
import type { RoleAndStatus } from '../../contracts/roles.js';
import type { Work } from '../../contracts/work.js';
import type { MemberRecord, Sender } from './identity.js';
import { orgError } from './errors.js';
import { requireManage } from './scope.js';
import type { UnitTree } from './units.js';

// 任命: who may give whom which role. A unit has one 书记; a second one is a 副书记, or replaces
// the first after the appointer confirms (确认任命: a confirm command, as 通知 has 确认发送, so it
// works in a group as in a direct chat). Only an administrator or an officer of a unit above may
// make, unmake or replace a 书记: a 书记 cannot demote a fellow 书记 of the same unit.

/** How long a replacement waits for its 确认任命, in minutes. */
export const APPOINTMENT_CONFIRM_MINUTES = 10;

/** What a 任命 did: the role before (and the 书记 it replaced), or that it waits for 确认任命. */
export type AppointOutcome =
  | { kind: 'appointed'; before: RoleAndStatus; replaced: MemberRecord | null }
  | { kind: 'needs_confirmation'; current: MemberRecord };

/**
 * True when the actor may change who is 书记 of `unitId`: an administrator, or a 书记 or 委员
 * of a unit strictly above it (officers of the unit itself manage it, but not its 书记).
 */
export function canChangeSecretary(actor: Sender, tree: UnitTree, unitId: string): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'secretary' && actor.role !== 'committee') return false;
  const own = actor.member?.unitId;
  return !!own && own !== unitId && tree.isWithin(unitId, own);
}

/** The 书记 of a unit (not a 副书记), other than `exceptId`, or null. */
export async function unitSecretary(db: Db, unitId: string, exceptId = ''): Promise<MemberRecord | null> {
  const [row] = await db
    .select()
    .from(members)
    .where(
      and(
        eq(members.unitId, unitId),
        eq(members.role, 'secretary'),
        eq(members.deputy, false),
        ne(members.id, exceptId),
      ),
    )
    .limit(1);
  return row ?? null;
}

const isOfficerRole = (t: RoleAndStatus) => t.role === 'secretary' || t.role === 'committee';

/**
 * Sets a member's role within the actor's scope, never their own (admins aside). 书记 and 委员
 * (and 副书记) must already be 正式党员. Making someone the unit's 书记 while it has one saves a
 * draft and waits for 确认任命, unless `replaces` names the 书记 the confirmed draft replaces.
 */
export async function appoint(
  work: Work,
  tree: UnitTree,
  actor: Sender,
  target: MemberRecord,
  title: RoleAndStatus,
  opts: { replaces?: string } = {},
): Promise<AppointOutcome> {
  const unit = tree.get(target.unitId);
  if (!unit) throw orgError('org.member_without_unit', { memberName: target.name });
  requireManage(actor, tree, unit);
  if (target.id === actor.member?.id && actor.role !== 'admin') throw orgError('org.appoint_self', {});
  if ((target.role === 'secretary' || title.role === 'secretary') && !canChangeSecretary(actor, tree, unit.id)) {
    throw orgError('org.secretary_superior_only', { memberName: target.name, unitName: unit.name });
  }
  if (isOfficerRole(title) && target.partyStatus !== 'formal') {
    const { role, partyStatus } = target;
    throw orgError('org.officer_must_be_formal', { memberName: target.name, role, partyStatus });
  }
  const deputy = title.role === 'secretary' && title.deputy === true;
  let replaced: MemberRecord | null = null;
  if (title.role === 'secretary' && !deputy) {
    const current = await unitSecretary(work.db, unit.id, target.id);
    if (current && opts.replaces !== current.id) {
      if (opts.replaces !== undefined) throw orgError('org.appointment_draft_stale', {});
      saveDraft(work, actor, target, current);
      return { kind: 'needs_confirmation', current };
    }
    if (current) {
      replaced = current;
      const demoted = { role: 'member' as const, partyStatus: 'formal' as const, deputy: false };
      work.write(work.db.update(members).set(demoted).where(eq(members.id, current.id)));
    }
  }
  const set = { role: title.role, partyStatus: title.partyStatus, deputy };
  work.write(work.db.update(members).set(set).where(eq(members.id, target.id)));
  work.touchOrg();
  const before = { role: target.role, partyStatus: target.partyStatus, deputy: target.deputy ?? false };
  return { kind: 'appointed', before, replaced };
}

function saveDraft(work: Work, actor: Sender, target: MemberRecord, current: MemberRecord): void {
  const values = {
    targetMemberId: target.id,
    unitId: current.unitId!,
    replacesMemberId: current.id,
    createdAt: work.now.getTime(),
  };
  work.write(
    work.db
      .insert(appointmentDrafts)
      .values({ platform: actor.platform, userId: actor.userId, ...values })
      .onConflictDoUpdate({ target: [appointmentDrafts.platform, appointmentDrafts.userId], set: values }),
  );
}

/** A confirmed replacement: who became 书记, what they were, and who they replaced. */
export interface ConfirmedAppointment {
  target: MemberRecord;
  before: RoleAndStatus;
  replaced: MemberRecord | null;
}

/** 确认任命: carries out the actor's pending replacement of a 书记, checking every rule again. */
export async function confirmAppointment(work: Work, tree: UnitTree, actor: Sender): Promise<ConfirmedAppointment> {
  const who = and(eq(appointmentDrafts.platform, actor.platform), eq(appointmentDrafts.userId, actor.userId));
  const [draft] = await work.db.select().from(appointmentDrafts).where(who).limit(1);
  if (!draft) throw orgError('org.no_appointment_draft', {});
  if (draft.createdAt + APPOINTMENT_CONFIRM_MINUTES * 60_000 < work.now.getTime()) {
    throw orgError('org.appointment_draft_expired', { minutes: APPOINTMENT_CONFIRM_MINUTES });
  }
  const [target] = await work.db.select().from(members).where(eq(members.id, draft.targetMemberId)).limit(1);
  if (!target || target.unitId !== draft.unitId) throw orgError('org.appointment_draft_stale', {});
  const title = { role: 'secretary', partyStatus: 'formal' } as const;
  const out = await appoint(work, tree, actor, target, title, { replaces: draft.replacesMemberId });
  if (out.kind !== 'appointed') throw orgError('org.appointment_draft_stale', {});
  work.write(work.db.delete(appointmentDrafts).where(who));
  return { target, before: out.before, replaced: out.replaced };
}
