import { errorFactory } from '../../contracts/errors.js';
import type { Month } from './months.js';

/** The rules of 党费 that can say no, with what each refusal is told (commands/dues/texts.ts). */
export interface DuesErrors {
  'dues.no_data_key': Record<string, never>;
  'dues.no_unit': Record<string, never>;
  'dues.chat_unbound': Record<string, never>;
  'dues.cannot_manage': { unitName: string };
  'dues.member_without_unit': { name: string };
  'dues.not_party_member': { name: string };
  /** Only the member and the officers of their own unit set or see a base. */
  'dues.base_forbidden': { name: string };
  'dues.no_basis': { name: string };
  'dues.unreadable': { name: string };
  'dues.before_start': { name: string; start: Month; months: Month[] };
  'dues.already_paid': { name: string; months: Month[] };
  'dues.amount_short': { neededCents: number; givenCents: number };
  'dues.too_many_months': { max: number };
  'dues.too_far_ahead': { maxAhead: number };
  'dues.payment_not_found': { id: number };
  'dues.payment_forbidden': { id: number };
  'dues.already_reversed': { id: number };
}

export const duesError = errorFactory<DuesErrors>();
