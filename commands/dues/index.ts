import type { Feature } from '../../src/command/define.js';
import { baseCommand, importCommand } from './base.js';
import { duesExportCommand } from './export.js';
import { payCommand, reverseCommand } from './pay.js';
import { duesSettingsCommand } from './settings.js';
import { duesErrorTexts } from './texts.js';
import { myDuesCommand, unitDuesCommand } from './view.js';

export const duesFeature: Feature = {
  name: 'dues',
  commands: [
    myDuesCommand,
    unitDuesCommand,
    payCommand,
    reverseCommand,
    baseCommand,
    importCommand,
    duesExportCommand,
    duesSettingsCommand,
  ],
  errors: duesErrorTexts,
};
