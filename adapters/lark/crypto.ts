// Feishu's callback cryptography, on Web Crypto so the same code runs on Node and Workers.
const encoder = new TextEncoder();

function toHex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Lowercase hex SHA-256 of a UTF-8 string. */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** Compares two strings in time that depends only on their lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** `X-Lark-Signature`: hex(sha256(timestamp + nonce + encryptKey + raw body)). */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): Promise<string> {
  return sha256Hex(timestamp + nonce + encryptKey + rawBody);
}

/**
 * Decrypts the `encrypt` field of a callback: base64 of a 16-byte IV followed by AES-256-CBC
 * (PKCS7 padding) under key = SHA-256(encryptKey). Throws when the data or the key is wrong.
 */
export async function decryptLark(encrypt: string, encryptKey: string): Promise<string> {
  const data = fromBase64(encrypt);
  if (data.length < 32 || data.length % 16 !== 0) throw new Error('encrypted data has a wrong length');
  const keyBytes = await crypto.subtle.digest('SHA-256', encoder.encode(encryptKey));
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'AES-CBC' }, false, ['decrypt']);
  const plain = await crypto.subtle.decrypt({ name: 'AES-CBC', iv: data.slice(0, 16) }, key, data.slice(16));
  return new TextDecoder('utf-8', { fatal: true }).decode(plain);
}
