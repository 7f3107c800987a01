import { errorFactory } from '../../contracts/errors.js';
import type { TransitionRefusal } from './lifecycle.js';
import type { HouseholdField, NoteField, PersonalDataKind } from './privacy.js';

/**
 * Why an intake answer cannot be the field asked for: empty, too short or long, a name with digits,
 * a phone without digits or of no known shape, an address that is a phone number.
 */
export type AnswerProblem =
  'empty' | 'too_short' | 'too_long' | 'digits_in_name' | 'no_digits' | 'bad_phone' | 'phone_as_address';

/**
 * The refusals of the volunteer pairing feature, by code, with what explains each. Rendered in
 * commands/pairing/texts.ts; parameters are data (need numbers, names, kinds), never sentences.
 */
export interface PairingErrors {
  'pairing.need_not_found': { id: number };
  /** The sender is no officer over the need's unit (and the step is an officer's). */
  'pairing.not_officer': { id: number };
  /** The sender is neither the need's volunteer nor an officer over its unit. */
  'pairing.not_yours': { id: number };
  'pairing.transition_refused': { id: number; refusal: TransitionRefusal };
  'pairing.need_closed': { id: number };
  /** Neither a bound chat nor the sender's own unit names where a need or report belongs. */
  'pairing.no_unit': Record<string, never>;
  'pairing.register_forbidden': { unitName: string | null };
  'pairing.report_forbidden': { unitName: string | null };
  /** Only members (with a record) can be volunteers. */
  'pairing.not_member': Record<string, never>;
  'pairing.not_in_pool': { name: string };
  'pairing.not_volunteer': { name: string };
  'pairing.not_assigned': { id: number };
  'pairing.household_forbidden': { id: number };
  'pairing.accept_first': { id: number };
  'pairing.no_data_key': Record<string, never>;
  'pairing.household_unreadable': { id: number; field: HouseholdField };
  'pairing.personal_data': { field: NoteField; kind: PersonalDataKind };
  'pairing.no_skills': Record<string, never>;
  'pairing.skills_personal_data': { kind: PersonalDataKind };
  'pairing.area_too_long': { max: number };
  'pairing.area_personal_data': { area: string; kind: PersonalDataKind };
  /** An intake answer that cannot be the field asked for (refusals never repeat what was typed). */
  'pairing.household_answer': { field: HouseholdField; problem: AnswerProblem };
  /** 删除住户 on a need that holds no household data. */
  'pairing.household_none': { id: number };
}

export const pairingError = errorFactory<PairingErrors>();
