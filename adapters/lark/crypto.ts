// Feishu's callback cryptography. node:crypto (also on Workers with nodejs_compat, which the SDK
// needs anyway): about 20x less CPU per event than Web Crypto's async calls on Node
// (decrypt ~15 µs vs ~370 µs, measured with tsx on the bench machine).
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/** Lowercase hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Compares two strings in time that depends only on their lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `X-Lark-Signature`: hex(sha256(timestamp + nonce + encryptKey + raw body)). */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return sha256Hex(timestamp + nonce + encryptKey + rawBody);
}

/** Decrypts callbacks for one encrypt key (the AES key is derived once). */
export class LarkCipher {
  private readonly key: Buffer;

  constructor(encryptKey: string) {
    this.key = createHash('sha256').update(encryptKey, 'utf8').digest();
  }

  /**
   * Decrypts the `encrypt` field of a callback: base64 of a 16-byte IV followed by AES-256-CBC
   * (PKCS7 padding) under key = SHA-256(encryptKey). Throws when the data or the key is wrong.
   */
  decrypt(encrypt: string): string {
    const data = Buffer.from(encrypt, 'base64');
    if (data.length < 32 || data.length % 16 !== 0) throw new Error('encrypted data has a wrong length');
    const decipher = createDecipheriv('aes-256-cbc', this.key, data.subarray(0, 16));
    const plain = Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]);
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  }
}
