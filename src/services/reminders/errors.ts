import { errorFactory } from '../../contracts/errors.js';

/** The rules of reminders that can say no, with what explains each (rendered in commands/reminders/texts.ts). */
export interface ReminderErrors {
  /** A unit's offsets: at least `min`, at most `max` of them. */
  'reminder.offset_count': { min: number; max: number };
  /** An offset longer than `maxMin` minutes before the start. */
  'reminder.offset_too_long': { maxMin: number };
  /** The actor may not see the reminders of this unit (错过提醒). */
  'reminder.not_allowed': { unitId: string; unitName: string };
}

export const reminderError = errorFactory<ReminderErrors>();
