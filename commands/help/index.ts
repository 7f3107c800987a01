import type { Feature } from '../../src/command/define.js';
import { helpCommand } from './help.js';

export const helpFeature: Feature = { name: 'help', commands: [helpCommand] };
