import { constantTimeEqual, dingtalkSign } from './sign.js';

export type Verdict = { ok: true } | { ok: false; reason: string };

/**
 * Checks an HTTP callback's `timestamp` (epoch ms) and `sign` = base64(HMAC-SHA256(appSecret,
 * timestamp + "\n" + appSecret)), in constant time, and refuses timestamps more than `maxSkewMs`
 * away. The signature covers only the timestamp, not the body: a signature is therefore taken
 * once per message id within the window (a second body under the same signature is a forgery),
 * and message ids are deduped by the inbox for far longer than the window.
 */
export class CallbackVerifier {
  /** Signatures seen within the window, with the message id they came with and when. */
  private readonly used = new Map<string, { msgId: string; at: number }>();

  constructor(
    private readonly secret: string,
    private readonly maxSkewMs: number,
  ) {}

  verify(timestamp: string | undefined, sign: string | undefined, now: Date): Verdict {
    if (!timestamp || !sign) return { ok: false, reason: 'timestamp or sign header missing' };
    if (!/^\d{10,16}$/.test(timestamp)) return { ok: false, reason: 'bad timestamp' };
    const expected = dingtalkSign(timestamp, this.secret);
    if (!constantTimeEqual(sign, expected)) return { ok: false, reason: 'wrong sign' };
    if (Math.abs(now.getTime() - Number(timestamp)) > this.maxSkewMs) return { ok: false, reason: 'stale timestamp' };
    return { ok: true };
  }

  /** Takes the signature for `msgId`; false when it already came with another message. */
  take(sign: string, msgId: string, now: Date): boolean {
    const t = now.getTime();
    for (const [k, v] of this.used) {
      if (t - v.at <= 2 * this.maxSkewMs) break; // insertion order: the rest are newer
      this.used.delete(k);
    }
    const seen = this.used.get(sign);
    if (seen) return seen.msgId === msgId;
    this.used.set(sign, { msgId, at: t });
    return true;
  }
}
