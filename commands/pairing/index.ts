import type { Feature } from '../../src/command/define.js';
import { eraseHouseholdCommand, withdrawConsentCommand } from './erase.js';
import { householdConversation } from './intake.js';
import {
  assignCommand,
  closeCommand,
  intakeCommand,
  matchCommand,
  needCommand,
  rateCommand,
  releaseCommand,
} from './pairing.js';
import { needDetailCommand, needsCommand, pairingStatsCommand, serviceExportCommand } from './report.js';
import { pairingErrorTexts } from './texts.js';
import { acceptCommand, householdCommand, logCommand, volunteerCommand } from './volunteer.js';

export const pairingFeature: Feature = {
  name: 'pairing',
  commands: [
    volunteerCommand,
    needCommand,
    intakeCommand,
    needsCommand,
    needDetailCommand,
    matchCommand,
    assignCommand,
    acceptCommand,
    householdCommand,
    logCommand,
    rateCommand,
    releaseCommand,
    closeCommand,
    eraseHouseholdCommand,
    withdrawConsentCommand,
    pairingStatsCommand,
    serviceExportCommand,
  ],
  conversations: [householdConversation],
  errors: pairingErrorTexts,
};
