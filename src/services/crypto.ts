/**
 * Field encryption for personal data at rest: AES-256-GCM through WebCrypto (`crypto.subtle`), so
 * the same code runs on Node and on Workers. A sealed value reads
 *
 *   enc1.<key id>.<base64url IV>.<base64url ciphertext+tag>
 *
 * "enc1" is the format version; the key id (first 8 hex digits of SHA-256 of the key) names the key
 * that sealed it, so old values stay readable while keys rotate (give the keyring the old keys too).
 * Every value gets a fresh random 12-byte IV, and is bound to where it is stored by additional
 * authenticated data (e.g. "need:12:phone"), so a ciphertext copied to another row or field fails.
 */

export const SEALED_PREFIX = 'enc1';
const IV_BYTES = 12;

/** Thrown when a value cannot be opened: unknown key, tampering, or a value moved elsewhere. */
export class SealError extends Error {
  override name = 'SealError';
}

interface KeyEntry {
  id: string;
  key: CryptoKey;
}

/** The current key (seals) and any previous ones (open only). */
export interface Keyring {
  readonly currentId: string;
  seal(plaintext: string, aad: string): Promise<string>;
  open(sealed: string, aad: string): Promise<string>;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Base64 (standard or url-safe) to bytes, without Buffer so it works on Workers. */
export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const std = b64.trim().replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(std + '='.repeat((4 - (std.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function bytesToBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function keyId(raw: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', raw));
  return [...digest.slice(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function importKey(b64: string): Promise<KeyEntry> {
  const raw = base64ToBytes(b64);
  if (raw.length !== 32) throw new Error('a data key must be base64 of 32 bytes');
  const key = await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  return { id: await keyId(raw), key };
}

/**
 * Builds a keyring from base64 keys: the first seals, all of them open. Returns null when no key is
 * given, so callers refuse to store personal data instead of storing plaintext.
 */
export async function createKeyring(
  current: string | undefined,
  previous: readonly string[] = [],
): Promise<Keyring | null> {
  if (!current) return null;
  const entries = await Promise.all([current, ...previous].map(importKey));
  const byId = new Map(entries.map((e) => [e.id, e.key]));
  const sealer = entries[0]!;
  return {
    currentId: sealer.id,
    async seal(plaintext, aad) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const ct = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: utf8.encode(aad) },
        sealer.key,
        utf8.encode(plaintext),
      );
      return `${SEALED_PREFIX}.${sealer.id}.${bytesToBase64Url(iv)}.${bytesToBase64Url(new Uint8Array(ct))}`;
    },
    async open(sealed, aad) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== SEALED_PREFIX) throw new SealError('not a sealed value');
      const key = byId.get(parts[1]!);
      if (!key) throw new SealError(`sealed with unknown key ${parts[1]}`);
      try {
        const iv = base64ToBytes(parts[2]!);
        const pt = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv, additionalData: utf8.encode(aad) },
          key,
          base64ToBytes(parts[3]!),
        );
        return fromUtf8.decode(pt);
      } catch {
        throw new SealError('sealed value does not open (tampered, or stored under another name)');
      }
    },
  };
}

/** True when `value` has the shape of a sealed value (and so is not plaintext). */
export function isSealed(value: string): boolean {
  return value.startsWith(`${SEALED_PREFIX}.`) && value.split('.').length === 4;
}
