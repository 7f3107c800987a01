import type { CommandDef } from '../src/command/define.js';
import { Registry } from '../src/command/define.js';
import { failedCommand, resendCommand } from './delivery.js';
import { helpCommand } from './help.js';
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
  noticeCommand,
  sendNoticeCommand,
  ackCommand,
  unreadCommand,
  chaseCommand,
  failedCommand,
  resendCommand,
] as CommandDef[];

/** Builds the registry once; duplicate names or aliases throw here, at start-up. */
export function createRegistry(commands: readonly CommandDef[] = ALL_COMMANDS): Registry {
  return new Registry(commands);
}
