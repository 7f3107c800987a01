import { errorFactory } from '../../contracts/errors.js';

/** The rules of 时间设置 that can say no (rendered in commands/times/texts.ts). */
export interface TimeErrors {
  /** A part of day's clock time outside the hours that part names (「下午」 at 09:00). */
  'times.outside_part': { part: string; clockMin: number; fromMin: number; toMin: number };
}

export const timeError = errorFactory<TimeErrors>();
