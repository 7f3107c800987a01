import type { Feature } from '../../src/command/define.js';
import { failedCommand, resendCommand } from './delivery.js';
import { outboxAdminErrorTexts } from './texts.js';

export const outboxAdminFeature: Feature = {
  name: 'outbox-admin',
  commands: [failedCommand, resendCommand],
  errors: outboxAdminErrorTexts,
};
