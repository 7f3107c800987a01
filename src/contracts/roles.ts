/** Who a sender is, for permission checks. 'member' covers 正式 and 预备 party members. */
export const ROLES = ['admin', 'secretary', 'committee', 'member', 'activist', 'masses', 'stranger'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a member record can hold (admin is a flag, stranger is the absence of a record). */
export type MemberRole = 'secretary' | 'committee' | 'member' | 'activist' | 'masses';
export type PartyStatus = 'formal' | 'probationary';

export const EVERYONE: readonly Role[] = ROLES;
export const REGISTERED: readonly Role[] = ['admin', 'secretary', 'committee', 'member', 'activist', 'masses'];
export const PARTY: readonly Role[] = ['admin', 'secretary', 'committee', 'member'];
export const OFFICERS: readonly Role[] = ['admin', 'secretary', 'committee'];
export const SECRETARIES: readonly Role[] = ['admin', 'secretary'];

/** The role and party status a member record holds (what 邀请 and 任命 set). */
export interface RoleAndStatus {
  role: MemberRole;
  partyStatus: PartyStatus | null;
  /** A 副书记: role secretary beside the unit's one 书记 (absent: false). */
  deputy?: boolean;
}
