import type { MemberRole, PartyStatus, Role } from '../../contracts/roles.js';

// How roles read, in chat and on documents (the record book's 职务 column): the domain's own
// vocabulary (../shared/DOMAIN.md "People and roles"), shared by the engine's refusals, the org
// commands and the exports, so it is declared once.

/**
 * How people call each role.
 */
export const ROLE_LABEL: ReadonlyMap<Role, string> = new Map<Role, string>([
  ['admin', '管理员'],
  ['secretary', '书记'],
  ['committee', '委员'],
  ['member', '党员'],
  ['activist', '积极分子'],
  ['masses', '群众'],
  ['stranger', '未注册'],
]);

/** "党员", "预备党员", "书记", "副书记": how a member record's role reads. */
export function titleOf(role: MemberRole, partyStatus: PartyStatus | null, deputy = false): string {
  if (role === 'member') return partyStatus === 'probationary' ? '预备党员' : '党员';
  if (role === 'secretary' && deputy) return '副书记';
  return ROLE_LABEL.get(role) ?? role;
}
