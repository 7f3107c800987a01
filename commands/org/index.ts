import type { Feature } from '../../src/command/define.js';
import { appointCommand, bindCommand, inviteCommand, joinCommand, meCommand, membersCommand, orgCommand, unbindCommand } from './org.js';

export const orgFeature: Feature = {
  name: 'org',
  commands: [joinCommand, meCommand, orgCommand, bindCommand, unbindCommand, inviteCommand, membersCommand, appointCommand],
};
