import { eq } from 'drizzle-orm';
import { needs } from '../../db/schema.js';
import type { ActorRef } from '../../contracts/identity.js';
import type { Work } from '../../contracts/work.js';
import type { Keyring } from '../crypto.js';
import { storedActor } from './actors.js';
import { pairingError } from './errors.js';
import { NO_HOUSEHOLD, type NeedRow } from './needs.js';
import { householdAad, normalisePhone, type HouseholdField } from './privacy.js';

/** Conversation kind of the guided collection of a household's contact data. */
export const HOUSEHOLD_CONVERSATION = 'pairing.household';

/** What the guided exchange keeps between messages: only the need number, never the answers. */
export interface HouseholdConversationState {
  needId: number;
}

export type HouseholdStep = 'consent' | 'name' | 'phone' | 'address' | 'done' | 'declined';

export const MAX_HOUSEHOLD_NAME_CHARS = 20;
export const MIN_ADDRESS_CHARS = 4;
export const MAX_ADDRESS_CHARS = 80;

type SealedFields = Pick<NeedRow, 'consent' | 'nameEnc' | 'phoneEnc' | 'addressEnc'>;

/** The next question, from what is already stored (so a stopped exchange resumes where it was). */
export function nextStep(need: SealedFields): HouseholdStep {
  if (need.consent === false) return 'declined';
  if (need.consent === null) return 'consent';
  if (!need.nameEnc) return 'name';
  if (!need.phoneEnc) return 'phone';
  if (!need.addressEnc) return 'address';
  return 'done';
}

/** One answer of the exchange, as read from chat: consent as a yes or no, the fields as typed. */
export type HouseholdAnswer = { step: 'consent'; consent: boolean } | { step: HouseholdField; text: string };

/**
 * Takes one answer: validates it, seals it and writes it to the need. Refusals never repeat what
 * was typed (it may be personal data). Returns the step that follows.
 */
export async function recordAnswer(
  work: Work,
  ring: Keyring,
  need: NeedRow,
  answer: HouseholdAnswer,
  actor: ActorRef,
): Promise<HouseholdStep> {
  const set = (patch: Partial<NeedRow>) => work.write(work.db.update(needs).set(patch).where(eq(needs.id, need.id)));
  const seal = (field: HouseholdField, value: string) => ring.seal(value, householdAad(need.id, field));
  if (answer.step === 'consent') {
    const by = storedActor(actor);
    const at = work.now.getTime();
    set({ consent: answer.consent, consentAt: at, consentByMemberId: by.memberId, consentByIdentity: by.identity });
    return answer.consent ? 'name' : 'declined';
  }
  const text = answer.text.trim();
  const chars = [...text].length;
  switch (answer.step) {
    case 'name': {
      if (chars === 0 || chars > MAX_HOUSEHOLD_NAME_CHARS || /\d/.test(text)) {
        throw pairingError('pairing.bad_household_name', { max: MAX_HOUSEHOLD_NAME_CHARS });
      }
      set({ nameEnc: await seal('name', text) });
      return 'phone';
    }
    case 'phone': {
      const phone = normalisePhone(text);
      if (!phone) throw pairingError('pairing.bad_phone', {});
      set({ phoneEnc: await seal('phone', phone) });
      return 'address';
    }
    case 'address': {
      if (chars < MIN_ADDRESS_CHARS || chars > MAX_ADDRESS_CHARS) {
        throw pairingError('pairing.bad_address', { min: MIN_ADDRESS_CHARS, max: MAX_ADDRESS_CHARS });
      }
      set({ addressEnc: await seal('address', text) });
      return 'done';
    }
  }
}

/** Wipes the household's data and consent so it can be entered again (重填). */
export function clearHousehold(work: Work, needId: number): void {
  work.write(work.db.update(needs).set(NO_HOUSEHOLD).where(eq(needs.id, needId)));
}
