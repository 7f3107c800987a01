import type { Feature } from '../../src/command/define.js';
import { missedCommand } from './missed.js';
import { remindCommand } from './remind.js';
import { reminderErrorTexts } from './texts.js';

export const remindersFeature: Feature = {
  name: 'reminders',
  commands: [remindCommand, missedCommand],
  errors: reminderErrorTexts,
};
