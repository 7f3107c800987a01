// WeCom's callback cryptography, through the official @wecom/crypto (node:crypto inside; on
// Workers it runs on nodejs_compat's node:crypto, whose AES-CBC takes setAutoPadding(false): the
// PKCS#7 padding to a multiple of 32 bytes that WebCrypto's AES-CBC refuses). The checks the
// library leaves to its caller are made here: the signature compared in constant time, the
// ciphertext's shape, and the receive id after the message.
import { createHash, timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

/** Compares two strings in time that depends only on their lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `msg_signature`: hex sha1 of token, timestamp, nonce and the ciphertext, sorted and joined. */
export function wecomSignature(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return getSignature(token, timestamp, nonce, encrypted);
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The plaintext of a ciphertext and the receive id that followed it; throws when it is not one. */
export function openCiphertext(aesKey: string, encrypted: string): { message: string; receiveId: string } {
  // PKCS#7 to 32 bytes: a ciphertext is a whole number of 32-byte blocks, at least one.
  const bytes = BASE64.test(encrypted) ? Buffer.from(encrypted, 'base64') : Buffer.alloc(0);
  if (bytes.length < 32 || bytes.length % 32 !== 0) throw new Error('ciphertext has a wrong length');
  const { message, id } = decrypt(aesKey, encrypted);
  return { message, receiveId: id };
}

/** Encrypts a passive reply for `receiveId` and signs it, as WeCom expects the answer to a callback. */
export function sealReply(
  opts: { token: string; aesKey: string; receiveId: string },
  message: string,
  timestamp: string,
  nonce: string,
): { encrypt: string; msgsignature: string; timestamp: number; nonce: string } {
  const encrypted = encrypt(opts.aesKey, message, opts.receiveId);
  return {
    encrypt: encrypted,
    msgsignature: wecomSignature(opts.token, timestamp, nonce, encrypted),
    timestamp: Number(timestamp),
    nonce,
  };
}

/** Lowercase hex SHA-1 of a UTF-8 string (stream ids from message ids). */
export function sha1Hex(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}
