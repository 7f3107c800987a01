import type { Feature } from '../../src/command/define.js';
import { noticeActions } from './actions.js';
import { ackCommand, chaseCommand, noticeCommand, sendNoticeCommand, unreadCommand } from './notice.js';

export const noticesFeature: Feature = {
  name: 'notices',
  commands: [noticeCommand, sendNoticeCommand, ackCommand, unreadCommand, chaseCommand],
  actions: noticeActions,
};
