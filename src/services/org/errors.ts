import { errorFactory } from '../../contracts/errors.js';
import type { MemberRole, PartyStatus } from '../../contracts/roles.js';
import type { UnitType } from './units.js';

/**
 * The refusals of the organisation feature, by code, with what explains each. Rendered in Chinese
 * by commands/org/texts.ts; other features' commands meet them too (requireUnit, requireManage,
 * findMember), and the registry renders them there as well.
 */
export interface OrgErrors {
  /** 建组织: a unit of that name exists (names are unique across the tree). */
  'org.unit_exists': { name: string };
  /** 建组织: the type word given names no type. */
  'org.unit_type_invalid': { word: string };
  /** 建组织: no type given and the name's suffix implies none. */
  'org.unit_type_unknown': { name: string };
  'org.parent_not_found': { name: string; closest?: string };
  /** 建组织 by an officer without a unit of their own and without a parent named. */
  'org.parent_required': Record<string, never>;
  /** 建组织 under a unit outside the officer's own unit and below. */
  'org.parent_out_of_scope': { parentName: string };
  /** 建组织: a type may only sit below an outer type (党委 → 总支 → 支部 → 小组). */
  'org.unit_type_below': { type: UnitType; parentType: UnitType; parentName: string };
  'org.unit_not_found': { name: string; closest?: string };
  /** No unit named, and neither a bound chat nor a unit of the sender's own to fall back on. */
  'org.unit_unspecified': Record<string, never>;
  'org.cannot_manage': { unitName: string };
  'org.chat_already_bound': { unitName: string };
  /** The chat is bound to another unit; `unitName` null when that unit no longer exists. */
  'org.chat_bound_elsewhere': { unitName: string | null };
  'org.chat_not_bound': Record<string, never>;
  /** The chat is bound to a unit that no longer exists: only an admin may unbind it. */
  'org.unbind_admin_only': Record<string, never>;
  /** Only admins issue invites for 书记 or 委员. */
  'org.officer_invite_admin_only': Record<string, never>;
  /** 加入 by someone who already belongs to a unit; `unitName` null when it no longer exists. */
  'org.already_member': { unitName: string | null; memberName: string };
  'org.invite_not_found': { code: string };
  'org.invite_expired': { code: string };
  'org.invite_used': { code: string };
  'org.invite_unit_gone': { code: string };
  /** 加入 with a code bound to someone else's account (邀请 … @某人). */
  'org.invite_for_other': { code: string };
  /** 邀请 … @某人 where the mention carries no platform account (a name typed after @). */
  'org.invite_mention_needs_account': { name: string };
  /** 邀请 书记 for a unit that has one (a second is a 副书记, or replaces the first by 任命). */
  'org.invite_second_secretary': { unitName: string; current: string };
  /** 邀请 … @某人 for someone who already belongs to a unit. */
  'org.invite_for_member': { name: string };
  /** 成员 of a unit outside the sender's own unit and below. */
  'org.roster_forbidden': { unitName: string };
  /** 任命 of a member without a unit. */
  'org.member_without_unit': { memberName: string };
  /** 任命 that makes, unmakes or replaces a 书记, by someone other than an admin or an officer above. */
  'org.secretary_superior_only': { memberName: string; unitName: string };
  /** 任命 as 书记, 副书记 or 委员 of someone who is not a 正式党员 (their role and status now). */
  'org.officer_must_be_formal': { memberName: string; role: MemberRole; partyStatus: PartyStatus | null };
  /** 确认任命 without a pending replacement of a 书记. */
  'org.no_appointment_draft': Record<string, never>;
  'org.appointment_draft_expired': { minutes: number };
  /** 确认任命 after the people it named changed (another 书记, the member moved or gone). */
  'org.appointment_draft_stale': Record<string, never>;
  'org.appoint_self': Record<string, never>;
  /** A name shared by several visible members: they must be @-mentioned. */
  'org.member_ambiguous': { name: string; count: number };
  'org.member_not_found': { name: string; closest?: string };
}

export const orgError = errorFactory<OrgErrors>();
