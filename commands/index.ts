import type { ConversationHandler } from '../src/command/conversation.js';
import type { CommandDef } from '../src/command/define.js';
import { Registry } from '../src/command/define.js';
import { attendanceCommand, exportCommand, quarterCommand } from './attendance.js';
import { approveCommand, checkinCommand, codeCommand, leaveCommand, makeupCommand, proxyCommand, rejectCommand } from './checkin.js';
import { failedCommand, resendCommand } from './delivery.js';
import { helpCommand } from './help.js';
import { householdConversation } from './household.js';
import { cancelCommand, meetingCommand, meetingSetCommand, meetingsCommand } from './meeting.js';
import { missedCommand, remindCommand } from './remind.js';
import { ackCommand, chaseCommand, noticeCommand, sendNoticeCommand, unreadCommand } from './notice.js';
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
import { assignCommand, closeCommand, intakeCommand, matchCommand, needCommand, rateCommand, releaseCommand } from './pairing.js';
import { needsCommand, pairingStatsCommand, serviceExportCommand } from './pairing-report.js';
import { acceptCommand, householdCommand, logCommand, volunteerCommand } from './volunteer.js';

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
  remindCommand,
  missedCommand,
  codeCommand,
  proxyCommand,
  approveCommand,
  rejectCommand,
  attendanceCommand,
  quarterCommand,
  exportCommand,
  noticeCommand,
  sendNoticeCommand,
  ackCommand,
  unreadCommand,
  chaseCommand,
  failedCommand,
  resendCommand,
  volunteerCommand,
  needCommand,
  intakeCommand,
  needsCommand,
  matchCommand,
  assignCommand,
  acceptCommand,
  householdCommand,
  logCommand,
  rateCommand,
  releaseCommand,
  closeCommand,
  pairingStatsCommand,
  serviceExportCommand,
] as CommandDef[];

/** Handlers of guided exchanges (plain direct messages while one is open). */
export const ALL_CONVERSATIONS: readonly ConversationHandler[] = [householdConversation];

/** Builds the registry once; duplicate names or aliases throw here, at start-up. */
export function createRegistry(commands: readonly CommandDef[] = ALL_COMMANDS): Registry {
  return new Registry(commands, ALL_CONVERSATIONS);
}
