import { eq } from 'drizzle-orm';
import { needs } from '../../db/schema.js';
import type { ActorRef } from '../../contracts/identity.js';
import type { Work } from '../../contracts/work.js';
import type { Keyring } from '../crypto.js';
import { storedActor } from './actors.js';
import { erasurePatch, holdsHousehold } from './erase.js';
import type { AnswerProblem } from './errors.js';
import { householdState, NOT_ERASED, type NeedRow } from './needs.js';
import { normaliseNumerals } from './personal-data.js';
import {
  draftAad,
  HOUSEHOLD_FIELDS,
  householdAad,
  normalisePhone,
  type Household,
  type HouseholdField,
} from './privacy.js';

// The guided intake of a household's data (登记住户): consent, name, phone, address, then the officer
// sees the full values once and confirms. Nothing reaches the need before 确认: the answers wait in
// the open exchange's state, sealed with draftAad (so a draft cannot pass for a stored field), and
// are written to the need in one go; a refusal of consent is recorded at once.

export const MAX_HOUSEHOLD_NAME_CHARS = 20;
export const MIN_ADDRESS_CHARS = 4;
export const MAX_ADDRESS_CHARS = 80;

/** What an open intake keeps between messages: the need, when consent was given, sealed answers. */
export interface HouseholdDraft {
  needId: number;
  consentAt?: number;
  sealed: Partial<Record<HouseholdField, string>>;
  /** An answer that was questioned (sealed): the same again is taken as meant. */
  doubted?: string;
}

export type HouseholdStep = 'consent' | HouseholdField | 'confirm';

export function newDraft(needId: number): HouseholdDraft {
  return { needId, sealed: {} };
}

/** A draft as stored in the exchange; one opened before drafts existed ({ needId }) starts over. */
export function readDraft(state: unknown): HouseholdDraft {
  const s = (state ?? {}) as Partial<HouseholdDraft>;
  if (typeof s.needId !== 'number') throw new Error('household exchange without a need number');
  return s.sealed && typeof s.sealed === 'object' ? (s as HouseholdDraft) : newDraft(s.needId);
}

/** The question a draft is at: consent first, then the first field not answered, then 确认. */
export function stepOf(draft: HouseholdDraft): HouseholdStep {
  if (draft.consentAt === undefined) return 'consent';
  return HOUSEHOLD_FIELDS.find((f) => !draft.sealed[f]) ?? 'confirm';
}

/** What 登记住户 does: start an intake, or say the data is complete or was refused (重填 always starts). */
export function intakeStart(need: NeedRow, fresh: boolean): 'start' | 'done' | 'declined' {
  if (fresh) return 'start';
  if (need.consent === false) return 'declined';
  return householdState(need) === 'recorded' ? 'done' : 'start';
}

/** The household said yes: the name is asked next. */
export function acceptConsent(draft: HouseholdDraft, at: number): HouseholdDraft {
  return { ...draft, consentAt: at };
}

/** Answers that are read but questioned: the same answer again is taken as meant. */
export type AnswerDoubt = 'place_in_name' | 'no_place';

export type AnswerCheck =
  | { ok: true; value: string }
  | { ok: false; problem: AnswerProblem }
  | { ok: 'doubt'; doubt: AnswerDoubt; value: string };

/** Words of a place in a name: "阳光小区", "3号楼" (surnames such as 路, 庄, 区 are not among them). */
const PLACE_IN_NAME = /小区|社区|号楼|单元|大厦|公寓|街道|胡同|花园|宿舍/;
/** Any of these makes an address look like one even without a number ("幸福村东头"). */
const PLACE_WORDS =
  /小区|社区|楼|栋|幢|单元|室|路|街|巷|弄|胡同|村|组|屯|庄|苑|园|院|区|镇|乡|县|市|大厦|公寓|号|宿舍|里/;

/**
 * Checks one answer for the field asked: what can never be that field is refused, what looks like
 * the answer to another question is questioned. The value is trimmed (a phone normalised).
 */
export function checkAnswer(field: HouseholdField, text: string): AnswerCheck {
  const value = text.trim().replace(/\s+/g, ' ');
  const chars = [...value].length;
  const hasDigit = /\d/.test(normaliseNumerals(value));
  if (chars === 0) return { ok: false, problem: 'empty' };
  if (field === 'name') {
    if (chars > MAX_HOUSEHOLD_NAME_CHARS) return { ok: false, problem: 'too_long' };
    if (/\d/.test(value.normalize('NFKC'))) return { ok: false, problem: 'digits_in_name' };
    return PLACE_IN_NAME.test(value) ? { ok: 'doubt', doubt: 'place_in_name', value } : { ok: true, value };
  }
  if (field === 'phone') {
    const phone = normalisePhone(value);
    if (phone) return { ok: true, value: phone };
    return { ok: false, problem: hasDigit ? 'bad_phone' : 'no_digits' };
  }
  if (normalisePhone(value) || /^[\d\s()+-]+$/.test(normaliseNumerals(value))) {
    return { ok: false, problem: 'phone_as_address' };
  }
  if (chars < MIN_ADDRESS_CHARS) return { ok: false, problem: 'too_short' };
  if (chars > MAX_ADDRESS_CHARS) return { ok: false, problem: 'too_long' };
  return hasDigit || PLACE_WORDS.test(value) ? { ok: true, value } : { ok: 'doubt', doubt: 'no_place', value };
}

/** Keeps a questioned answer (sealed), so that sending it again confirms it. */
export async function doubtAnswer(
  ring: Keyring,
  draft: HouseholdDraft,
  field: HouseholdField,
  value: string,
): Promise<HouseholdDraft> {
  return { ...draft, doubted: await ring.seal(value, draftAad(draft.needId, field)) };
}

/** Whether `value` is the answer questioned last time. */
export async function wasDoubted(
  ring: Keyring,
  draft: HouseholdDraft,
  field: HouseholdField,
  value: string,
): Promise<boolean> {
  if (!draft.doubted) return false;
  return (await ring.open(draft.doubted, draftAad(draft.needId, field)).catch(() => null)) === value;
}

/** Takes the answer of a field (sealed); the next question follows from what is still missing. */
export async function fillField(
  ring: Keyring,
  draft: HouseholdDraft,
  field: HouseholdField,
  value: string,
): Promise<HouseholdDraft> {
  const next = {
    ...draft,
    sealed: { ...draft.sealed, [field]: await ring.seal(value, draftAad(draft.needId, field)) },
  };
  delete next.doubted;
  return next;
}

/** 重填 <field> from the confirmation (that field is asked again), or 重填 (all of them). */
export function redoField(draft: HouseholdDraft, field?: HouseholdField): HouseholdDraft {
  const sealed = field ? Object.fromEntries(Object.entries(draft.sealed).filter(([f]) => f !== field)) : {};
  return { needId: draft.needId, ...(draft.consentAt !== undefined ? { consentAt: draft.consentAt } : {}), sealed };
}

/** The draft's answers in plaintext, for the officer's confirmation (never stored). */
export async function openDraft(ring: Keyring, draft: HouseholdDraft): Promise<Household> {
  const open = async (f: HouseholdField) => {
    const v = draft.sealed[f];
    return v ? ring.open(v, draftAad(draft.needId, f)) : null;
  };
  return { name: await open('name'), phone: await open('phone'), address: await open('address') };
}

/**
 * 确认: writes the consent and the three fields (sealed for the need) at once, replacing what was
 * stored and any record of an earlier erasure. Returns whether data was replaced.
 */
export async function commitDraft(
  work: Work,
  ring: Keyring,
  need: NeedRow,
  draft: HouseholdDraft,
  actor: ActorRef,
): Promise<boolean> {
  const h = await openDraft(ring, draft);
  if (!h.name || !h.phone || !h.address || draft.consentAt === undefined) {
    throw new Error(`intake of need ${need.id} confirmed before it was complete`);
  }
  const seal = (f: HouseholdField, v: string) => ring.seal(v, householdAad(need.id, f));
  const by = storedActor(actor);
  const patch = {
    consent: true,
    consentAt: draft.consentAt,
    consentByMemberId: by.memberId,
    consentByIdentity: by.identity,
    nameEnc: await seal('name', h.name),
    phoneEnc: await seal('phone', h.phone),
    addressEnc: await seal('address', h.address),
    ...NOT_ERASED,
  } satisfies Partial<NeedRow>;
  work.write(work.db.update(needs).set(patch).where(eq(needs.id, need.id)));
  return holdsHousehold(need);
}

/**
 * The household says no: the refusal is recorded at once, and data stored before (an intake done
 * again) is erased as a withdrawal. Returns whether data was erased.
 */
export function declineConsent(work: Work, need: NeedRow, actor: ActorRef): boolean {
  const by = storedActor(actor);
  const at = work.now.getTime();
  const erased = holdsHousehold(need);
  const patch = {
    consent: false,
    consentAt: at,
    consentByMemberId: by.memberId,
    consentByIdentity: by.identity,
    ...(erased ? erasurePatch('withdrawn', by, at) : {}),
  } satisfies Partial<NeedRow>;
  work.write(work.db.update(needs).set(patch).where(eq(needs.id, need.id)));
  return erased;
}
