import type { Feature } from '../../src/command/define.js';
import { missedCommand, remindCommand } from './remind.js';

export const remindersFeature: Feature = { name: 'reminders', commands: [remindCommand, missedCommand] };
