// DingTalk's signatures, with node:crypto (also on Workers with nodejs_compat, which the project
// turns on for the Lark adapter's cryptography already).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret)): robot callbacks and 加签 robots alike. */
export function dingtalkSign(timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/** Compares two strings in time that depends only on their lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Lowercase hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A key DingTalk accepts as an outTrackId (≤ max chars, letters, digits, - _ :): the key itself or its hash. */
export function trackId(key: string, max: number): string {
  if (key.length <= max && /^[A-Za-z0-9_:-]+$/.test(key)) return key;
  return `h-${sha256Hex(key).slice(0, max - 2)}`;
}
