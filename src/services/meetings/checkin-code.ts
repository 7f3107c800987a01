// Rotating check-in codes (签到码): an HOTP-style code from a per-meeting secret and the current
// minute, computed with WebCrypto so the same code runs on Node and Cloudflare Workers.
//
// A code typed into a group is retired at once by raising the meeting's code generation, which
// is mixed into the HMAC input: every code shown so far (the current one and the previous one
// still accepted) stops working and a new one is shown, with no list of retired codes to keep.
// Generation 0 hashes the period alone (RFC 4226's counter), so codes of meetings scheduled
// before generations existed did not change.

/** Digits of a check-in code. */
export const CHECKIN_CODE_DIGITS = 6;
/** How long one code is shown, in seconds. */
export const CHECKIN_CODE_PERIOD_SEC = 60;
/** How many earlier codes are still accepted (someone typing while the code changes). */
export const CHECKIN_CODE_PREVIOUS_ACCEPTED = 1;
/** Wrong codes a member may type for one meeting; then only an officer's 代签 checks them in. */
export const CHECKIN_CODE_MAX_WRONG = 5;
/** Bytes of a meeting's code secret. */
const SECRET_BYTES = 20;

/** A fresh random secret, base64. */
export function newCodeSecret(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

/** The code period an instant falls in. */
export function codePeriod(at: Date): number {
  return Math.floor(at.getTime() / (CHECKIN_CODE_PERIOD_SEC * 1000));
}

/** When the period of `at` ends (the shown code changes). */
export function codeChangesAt(at: Date): Date {
  return new Date((codePeriod(at) + 1) * CHECKIN_CODE_PERIOD_SEC * 1000);
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', fromBase64(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

async function codeFor(key: CryptoKey, period: number, generation: number): Promise<string> {
  const counter = new Uint8Array(generation === 0 ? 8 : 12);
  const view = new DataView(counter.buffer);
  view.setBigUint64(0, BigInt(period));
  if (generation !== 0) view.setUint32(8, generation);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, counter));
  // RFC 4226 dynamic truncation.
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** CHECKIN_CODE_DIGITS).padStart(CHECKIN_CODE_DIGITS, '0');
}

/** The code shown at instant `at` in the meeting's current code generation. */
export async function checkinCode(secret: string, at: Date, generation = 0): Promise<string> {
  return codeFor(await hmacKey(secret), codePeriod(at), generation);
}

/** True when `code` is the current code or one of the accepted previous ones, of this generation. */
export async function verifyCheckinCode(secret: string, code: string, at: Date, generation = 0): Promise<boolean> {
  if (!new RegExp(`^\\d{${CHECKIN_CODE_DIGITS}}$`).test(code)) return false;
  const key = await hmacKey(secret);
  const now = codePeriod(at);
  for (let p = now; p >= now - CHECKIN_CODE_PREVIOUS_ACCEPTED; p--) {
    if ((await codeFor(key, p, generation)) === code) return true;
  }
  return false;
}

/** Base64 of bytes (no Buffer, so it runs on Workers). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
