// Rotating check-in codes (签到码): an HOTP-style code from a per-meeting secret and the current
// minute, computed with WebCrypto so the same code runs on Node and Cloudflare Workers.

/** Digits of a check-in code. */
export const CHECKIN_CODE_DIGITS = 6;
/** How long one code is shown, in seconds. */
export const CHECKIN_CODE_PERIOD_SEC = 60;
/** How many earlier codes are still accepted (someone typing while the code changes). */
export const CHECKIN_CODE_PREVIOUS_ACCEPTED = 1;
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

async function codeFor(key: CryptoKey, period: number): Promise<string> {
  const counter = new Uint8Array(8);
  new DataView(counter.buffer).setBigUint64(0, BigInt(period));
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, counter));
  // RFC 4226 dynamic truncation.
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** CHECKIN_CODE_DIGITS).padStart(CHECKIN_CODE_DIGITS, '0');
}

/** The code shown at instant `at`. */
export async function checkinCode(secret: string, at: Date): Promise<string> {
  return codeFor(await hmacKey(secret), codePeriod(at));
}

/** True when `code` is the current code or one of the accepted previous ones. */
export async function verifyCheckinCode(secret: string, code: string, at: Date): Promise<boolean> {
  if (!new RegExp(`^\\d{${CHECKIN_CODE_DIGITS}}$`).test(code)) return false;
  const key = await hmacKey(secret);
  const now = codePeriod(at);
  for (let p = now; p >= now - CHECKIN_CODE_PREVIOUS_ACCEPTED; p--) {
    if ((await codeFor(key, p)) === code) return true;
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
