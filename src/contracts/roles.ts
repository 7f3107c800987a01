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

export const ROLE_LABEL: Record<Role, string> = {
  admin: '管理员',
  secretary: '书记',
  committee: '委员',
  member: '党员',
  activist: '积极分子',
  masses: '群众',
  stranger: '未注册',
};

/** The six titles 任命 and 邀请 accept, with the record they produce. */
export const TITLES: Record<string, { role: MemberRole; partyStatus: PartyStatus | null }> = {
  书记: { role: 'secretary', partyStatus: 'formal' },
  委员: { role: 'committee', partyStatus: 'formal' },
  党员: { role: 'member', partyStatus: 'formal' },
  正式党员: { role: 'member', partyStatus: 'formal' },
  预备党员: { role: 'member', partyStatus: 'probationary' },
  积极分子: { role: 'activist', partyStatus: null },
  群众: { role: 'masses', partyStatus: null },
};

/** "党员(预备)" style label of a member record. */
export function titleOf(role: MemberRole, partyStatus: PartyStatus | null): string {
  if (role === 'member') return partyStatus === 'probationary' ? '预备党员' : '党员';
  return ROLE_LABEL[role];
}
