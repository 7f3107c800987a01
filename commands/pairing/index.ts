import type { Feature } from '../../src/command/define.js';
import { householdConversation } from './household.js';
import {
  assignCommand,
  closeCommand,
  intakeCommand,
  matchCommand,
  needCommand,
  rateCommand,
  releaseCommand,
} from './pairing.js';
import { needsCommand, pairingStatsCommand, serviceExportCommand } from './report.js';
import { pairingErrorTexts } from './texts.js';
import { acceptCommand, confirmServiceCommand, householdCommand, logCommand, volunteerCommand } from './volunteer.js';

export const pairingFeature: Feature = {
  name: 'pairing',
  commands: [
    volunteerCommand,
    needCommand,
    intakeCommand,
    needsCommand,
    matchCommand,
    assignCommand,
    acceptCommand,
    householdCommand,
    logCommand,
    confirmServiceCommand,
    rateCommand,
    releaseCommand,
    closeCommand,
    pairingStatsCommand,
    serviceExportCommand,
  ],
  conversations: [householdConversation],
  errors: pairingErrorTexts,
};
