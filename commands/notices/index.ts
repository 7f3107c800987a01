import type { Feature } from '../../src/command/define.js';
import { noticeCommand, sendNoticeCommand } from './notice.js';
import { ackCommand } from './receipts.js';
import { chaseCommand } from './chase.js';
import { withdrawCommand } from './withdraw.js';
import { unreadCommand } from './unread.js';
import { noticeErrorTexts } from './texts.js';
import { noticeActions } from './actions.js';

export const noticesFeature: Feature = {
  name: 'notices',
  commands: [noticeCommand, sendNoticeCommand, ackCommand, unreadCommand, chaseCommand, withdrawCommand],
  errors: noticeErrorTexts,
  actions: noticeActions,
};
