import type { Feature } from '../../src/command/define.js';
import { dashboardCommand } from './dashboard.js';
import { dashboardErrorTexts } from './texts.js';

export const dashboardFeature: Feature = {
  name: 'dashboard',
  commands: [dashboardCommand],
  errors: dashboardErrorTexts,
};
