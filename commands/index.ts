import type { CommandDef } from '../src/command/define.js';
import { Registry } from '../src/command/define.js';
import { attendanceCommand, exportCommand, quarterCommand } from './attendance.js';
import { approveCommand, checkinCommand, codeCommand, leaveCommand, makeupCommand, proxyCommand, rejectCommand } from './checkin.js';
import { helpCommand } from './help.js';
import { cancelCommand, meetingCommand, meetingSetCommand, meetingsCommand } from './meeting.js';
import {
  appointCommand,
  bindCommand,
  inviteCommand,
  joinCommand,
  meCommand,
  membersCommand,
  orgCommand,
  unbindCommand,
} from './org.js';

/** Every command, in the order help lists them. */
export const ALL_COMMANDS: readonly CommandDef[] = [
  helpCommand,
  joinCommand,
  meCommand,
  orgCommand,
  bindCommand,
  unbindCommand,
  inviteCommand,
  membersCommand,
  appointCommand,
  checkinCommand,
  leaveCommand,
  makeupCommand,
  meetingsCommand,
  meetingCommand,
  meetingSetCommand,
  cancelCommand,
  codeCommand,
  proxyCommand,
  approveCommand,
  rejectCommand,
  attendanceCommand,
  quarterCommand,
  exportCommand,
] as CommandDef[];

/** Builds the registry once; duplicate names or aliases throw here, at start-up. */
export function createRegistry(commands: readonly CommandDef[] = ALL_COMMANDS): Registry {
  return new Registry(commands);
}
