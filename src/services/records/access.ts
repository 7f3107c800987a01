// Who may write a meeting's record: its 记录人, or an officer of its unit (the 组织委员 keeps the
// book). The 主持人 alone confirms. Records are taken from the opening of check-in on.
import { canManage, type Sender } from '../org/identity.js';
import type { UnitTree } from '../org/units.js';
import { phaseOf, windowOf, type Meeting } from '../meetings/meetings.js';
import { zoneOf } from '../meetings/scope.js';
import { recordsError } from './errors.js';

/** True when the sender is the meeting's 记录人 or may manage its unit. */
export function canRecord(tree: UnitTree, sender: Sender, m: Meeting): boolean {
  return (!!sender.member && sender.member.id === m.recorderMemberId) || canManage(sender, tree, m.unitId);
}

/** Refuses unless the sender may write the meeting's record. */
export function requireRecorder(tree: UnitTree, sender: Sender, m: Meeting): void {
  if (!canRecord(tree, sender, m)) throw recordsError('records.not_recorder', { id: m.id });
}

/** Refuses a cancelled meeting, and one whose check-in has not opened yet. */
export function requireRecordable(tree: UnitTree, m: Meeting, now: Date): void {
  const phase = phaseOf(m, now);
  if (phase === 'cancelled') throw recordsError('records.meeting_cancelled', { id: m.id });
  if (phase === 'before') {
    const opensAt = windowOf(m).opensAt.getTime();
    throw recordsError('records.not_started', { id: m.id, opensAt, zone: zoneOf(tree, m.unitId) });
  }
}

/** Photos may be added and listed by whoever writes the record, and by the 主持人. */
export function requirePhotoKeeper(tree: UnitTree, sender: Sender, m: Meeting): void {
  const host = !!sender.member && sender.member.id === m.hostMemberId;
  if (!host && !canRecord(tree, sender, m)) throw recordsError('records.not_recorder', { id: m.id });
}
