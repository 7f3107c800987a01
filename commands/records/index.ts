import type { Feature } from '../../src/command/define.js';
import { confirmAction, confirmCommand } from './confirm.js';
import { minutesCommand, minutesConversation } from './minutes.js';
import { photosCommand, photosConversation, recordFiles } from './photos.js';
import { recordsErrorTexts } from './texts.js';

/** The record book from the chat: minutes (纪要), photos (照片) and the 主持人's confirmation (确认纪要). */
export const recordsFeature: Feature = {
  name: 'records',
  commands: [minutesCommand, photosCommand, confirmCommand],
  conversations: [minutesConversation, photosConversation],
  actions: { 'minutes.confirm': confirmAction },
  attachments: recordFiles,
  errors: recordsErrorTexts,
};
