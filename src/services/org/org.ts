// The organisation service's surface, for other features and the commands of this one: units and
// chat bindings, invites and joining, members, the scope policy and the error codes.
export { createUnit, MAX_UNIT_NAME_CHARS, requireUnit, resolveUnit } from './unit-admin.js';
export { bindChat, unbindChat } from './bindings.js';
export { createInvite, INVITE_CODE_LENGTH, INVITE_TTL_DAYS, joinWithInvite } from './invites.js';
export { findMember, MAX_MEMBER_NAME_CHARS, roster, type RosterEntry } from './members.js';
export { appoint, canChangeSecretary, confirmAppointment } from './appoint.js';
export { canManage, canSeeRoster, lookupScope, requireManage, withinScope } from './scope.js';
export { orgError, type OrgErrors } from './errors.js';
