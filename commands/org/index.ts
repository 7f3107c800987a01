import type { Feature } from '../../src/command/define.js';
import { inviteCommand, joinCommand } from './invites.js';
import { appointCommand, confirmAppointCommand, meCommand, membersCommand } from './members.js';
import { orgErrorTexts } from './texts.js';
import { bindCommand, orgCommand, unbindCommand } from './units.js';

export const orgFeature: Feature = {
  name: 'org',
  commands: [
    joinCommand,
    meCommand,
    orgCommand,
    bindCommand,
    unbindCommand,
    inviteCommand,
    membersCommand,
    appointCommand,
    confirmAppointCommand,
  ],
  errors: orgErrorTexts,
};
