import { WECOM_AIBOT_RECEIVE_ID } from './constants.js';
import { constantTimeEqual, openCiphertext, wecomSignature } from './crypto.js';

export interface CallbackKeys {
  token: string;
  aesKey: string;
  /** How far `timestamp` may be from now, in milliseconds. */
  maxSkewMs: number;
}

/** The query of a callback request. */
export interface CallbackQuery {
  msg_signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
}

export type Opened = { ok: true; plain: string } | { ok: false; reason: string };

const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/**
 * Checks one signed ciphertext (the URL check's `echostr`, an event's `encrypt`), in this order:
 * the query is complete; `msg_signature` over the ciphertext as received, compared in constant
 * time; the timestamp is fresh; it decrypts; the receive id after the message is the AI bot's
 * (empty). Nothing is trusted before all of them pass.
 */
export function openSigned(keys: CallbackKeys, q: CallbackQuery, encrypted: string | undefined, now: Date): Opened {
  const { msg_signature: signature, timestamp, nonce } = q;
  if (!signature || !timestamp || nonce === undefined || !encrypted) return refuse('signature parameters missing');
  const expected = wecomSignature(keys.token, timestamp, nonce, encrypted);
  if (!constantTimeEqual(signature.toLowerCase(), expected)) return refuse('wrong signature');
  if (!/^\d{1,13}$/.test(timestamp)) return refuse('bad timestamp');
  const n = Number(timestamp);
  // WeCom sends seconds; accept milliseconds too rather than refuse a harmless format change.
  const ms = n < 1e12 ? n * 1000 : n;
  if (Math.abs(now.getTime() - ms) > keys.maxSkewMs) return refuse('stale timestamp');
  let opened: { message: string; receiveId: string };
  try {
    opened = openCiphertext(keys.aesKey, encrypted);
  } catch {
    return refuse('does not decrypt with WECOM_AES_KEY');
  }
  if (opened.receiveId !== WECOM_AIBOT_RECEIVE_ID) return refuse('wrong receive id');
  return { ok: true, plain: opened.message };
}

/** The event of a POST body (`{"encrypt": …}`), opened and parsed; a refusal names what failed. */
export function openEvent(
  keys: CallbackKeys,
  q: CallbackQuery,
  raw: string,
  now: Date,
): { ok: true; event: Record<string, unknown> } | { ok: false; reason: string } {
  let outer: unknown;
  try {
    outer = JSON.parse(raw);
  } catch {
    return refuse('body is not JSON');
  }
  const encrypted = (outer as { encrypt?: unknown } | null)?.encrypt;
  if (typeof encrypted !== 'string') return refuse('body has no encrypt field');
  const opened = openSigned(keys, q, encrypted, now);
  if (!opened.ok) return refuse(opened.reason);
  try {
    const event = JSON.parse(opened.plain) as unknown;
    if (event && typeof event === 'object' && !Array.isArray(event)) {
      return { ok: true, event: event as Record<string, unknown> };
    }
  } catch {
    // falls through
  }
  return refuse('decrypted body is not a JSON object');
}
