import type { Feature } from '../../src/command/define.js';
import { timesCommand } from './settings.js';
import { timeErrorTexts } from './texts.js';

export const timesFeature: Feature = { name: 'times', commands: [timesCommand], errors: timeErrorTexts };
