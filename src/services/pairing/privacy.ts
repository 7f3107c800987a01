import type { Config } from '../../contracts/config/index.js';
import { createKeyring, SealError, type Keyring } from '../crypto.js';
import { pairingError } from './errors.js';
import { normaliseNumerals, personalDataIn, type ScannedKind } from './personal-data.js';

/** The household's personal data; only ever held in memory in plaintext. */
export interface Household {
  name: string | null;
  phone: string | null;
  address: string | null;
}

export type HouseholdField = keyof Household;

export const HOUSEHOLD_FIELDS: readonly HouseholdField[] = ['name', 'phone', 'address'];

/**
 * Conversation kind of the guided intake of a household's data. Its state holds the answers not yet
 * confirmed, sealed (never plaintext); erasing a need's household deletes them too.
 */
export const HOUSEHOLD_CONVERSATION = 'pairing.household';

/** What a piece of free text looks like when it is refused as personal data. */
export type PersonalDataKind = ScannedKind | `household_${HouseholdField}`;

/** The free-text fields checked for personal data (shown to many people). */
export type NoteField = 'description' | 'reason' | 'comment' | 'service_content';

/** Refuses text that looks like personal data, or that repeats the household's own data. */
export function refusePersonalData(field: NoteField, text: string, household?: Household): void {
  const kind = personalDataIn(text) ?? (household ? householdWordIn(text, household) : null);
  if (kind) throw pairingError('pairing.personal_data', { field, kind });
}

function householdWordIn(text: string, h: Household): PersonalDataKind | null {
  const plain = (v: string) => v.normalize('NFKC').replace(/\s+/g, '');
  const note = plain(text);
  for (const f of HOUSEHOLD_FIELDS) {
    const v = h[f] ? plain(h[f]) : '';
    if (v.length >= 2 && note.includes(v)) return `household_${f}`;
  }
  return null;
}

/**
 * A mobile or landline number as stored (digits, and "-" after a landline's area code), or null.
 * Separators, full-width digits, Chinese numerals and a +86 prefix are accepted as typed.
 */
export function normalisePhone(text: string): string | null {
  const s = normaliseNumerals(text).replace(/[\s()（）.·_]/g, '');
  const mobile = s.replace(/-/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (/^1[3-9]\d{9}$/.test(mobile)) return mobile;
  if (/^0\d{2,3}-?\d{7,8}$/.test(s)) return s;
  if (/^\d{7,8}$/.test(s)) return s;
  return null;
}

/** "王*英", "138****5678", "阳光小区3号…": enough to recognise, not enough to identify. */
export function mask(field: HouseholdField, value: string): string {
  const chars = [...value];
  if (field === 'name')
    return chars.length <= 2 ? `${chars[0]}*` : `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
  if (field === 'phone') return value.length >= 7 ? `${value.slice(0, 3)}****${value.slice(-4)}` : '****';
  return `${chars.slice(0, Math.min(5, Math.floor(chars.length / 2))).join('')}…`;
}

/** Additional authenticated data binding a sealed field to its need and column. */
export function householdAad(needId: number, field: HouseholdField): string {
  return `need:${needId}:${field}`;
}

/** The same for an answer of an intake not yet confirmed (it cannot pass for a stored field). */
export function draftAad(needId: number, field: HouseholdField): string {
  return `need:${needId}:${field}:draft`;
}

/** The keyring for personal data, or a refusal when PIONEER_DATA_KEY is missing. */
export async function requireKeyring(config: Pick<Config, 'PIONEER_DATA_KEY'>): Promise<Keyring> {
  const ring = await createKeyring(config.PIONEER_DATA_KEY);
  if (!ring) throw pairingError('pairing.no_data_key', {});
  return ring;
}

/** Opens the sealed fields of a need; a field that will not open is a refusal, not a crash. */
export async function openHousehold(
  ring: Keyring,
  needId: number,
  sealed: { nameEnc: string | null; phoneEnc: string | null; addressEnc: string | null },
): Promise<Household> {
  const open = async (field: HouseholdField, v: string | null) => {
    if (!v) return null;
    try {
      return await ring.open(v, householdAad(needId, field));
    } catch (err) {
      if (err instanceof SealError) throw pairingError('pairing.household_unreadable', { id: needId, field });
      throw err;
    }
  };
  return {
    name: await open('name', sealed.nameEnc),
    phone: await open('phone', sealed.phoneEnc),
    address: await open('address', sealed.addressEnc),
  };
}
