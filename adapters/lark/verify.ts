import { larkAdmittedSkewMs } from './constants.js';
import { constantTimeEqual, LarkCipher, larkSignature } from './crypto.js';

export interface VerifyOptions {
  appId: string;
  encryptKey?: string;
  verificationToken?: string;
  /**
   * How far the request timestamp may be from now, in milliseconds; at most half the event-id
   * retention is admitted (larkAdmittedSkewMs in ./constants.ts).
   */
  maxSkewMs: number;
}

/** What to do with one callback request. */
export type Verdict =
  | { kind: 'challenge'; challenge: string }
  | { kind: 'event'; payload: Record<string, unknown> }
  | { kind: 'refuse'; reason: string };

type Headers = (name: string) => string | undefined;

const refuse = (reason: string): Verdict => ({ kind: 'refuse', reason });

function asObject(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return null;
  }
}

/**
 * Checks callbacks (events and card presses alike), in this order: parse the raw body; decrypt
 * it; answer a URL verification (Feishu sends it unsigned); check `X-Lark-Signature` over the raw
 * body text when an encrypt key is set; the verification token and app id; the request timestamp.
 * Nothing is trusted before the last check passes.
 *
 * With an encrypt key the timestamp header is required (it is signed, and bounds a replay);
 * with either secret the app id is required (not only compared when present). Without an encrypt
 * key the timestamp is unsigned, so it is checked when present but refuses nothing a forger could
 * not change: production therefore requires the key (./module.ts).
 */
export class CallbackVerifier {
  private readonly cipher: LarkCipher | undefined;
  /** The window admitted: the configured one, cut to what the event-id dedupe covers. */
  readonly maxSkewMs: number;

  constructor(private readonly opts: VerifyOptions) {
    this.cipher = opts.encryptKey ? new LarkCipher(opts.encryptKey) : undefined;
    this.maxSkewMs = larkAdmittedSkewMs(opts.maxSkewMs);
  }

  /** What to do with one request, given its raw body text and a header getter. */
  verify(raw: string, header: Headers, now: Date): Verdict {
    const { opts, cipher } = this;
    const outer = parseObject(raw);
    if (!outer) return refuse('body is not a JSON object');

    let payload = outer;
    if (typeof outer.encrypt === 'string') {
      if (!cipher) return refuse('encrypted body but no encrypt key is configured');
      let plain: string;
      try {
        plain = cipher.decrypt(outer.encrypt);
      } catch {
        return refuse('body does not decrypt with the encrypt key');
      }
      const inner = parseObject(plain);
      if (!inner) return refuse('decrypted body is not a JSON object');
      payload = inner;
    }

    const head = asObject(payload.header);
    const token =
      typeof head?.token === 'string' ? head.token : typeof payload.token === 'string' ? payload.token : undefined;
    const tokenOk =
      !opts.verificationToken || (token !== undefined && constantTimeEqual(token, opts.verificationToken));

    if (payload.type === 'url_verification') {
      if (!tokenOk) return refuse('wrong verification token');
      if (typeof payload.challenge !== 'string') return refuse('challenge missing');
      return { kind: 'challenge', challenge: payload.challenge };
    }

    const timestamp = header('x-lark-request-timestamp');
    if (opts.encryptKey) {
      const nonce = header('x-lark-request-nonce');
      const signature = header('x-lark-signature');
      if (!timestamp) return refuse('request timestamp missing');
      if (nonce === undefined || !signature) return refuse('signature headers missing');
      const expected = larkSignature(timestamp, nonce, opts.encryptKey, raw);
      if (!constantTimeEqual(signature.toLowerCase(), expected)) return refuse('wrong signature');
    }
    if (!tokenOk) return refuse('wrong verification token');
    const appId = head?.app_id;
    const secured = !!opts.encryptKey || !!opts.verificationToken;
    if (appId === undefined && secured) return refuse('app id missing');
    if (appId !== undefined && appId !== opts.appId) return refuse('event is for another app');

    if (timestamp !== undefined) {
      if (!/^\d{1,16}$/.test(timestamp)) return refuse('bad request timestamp');
      const n = Number(timestamp);
      // Feishu sends seconds; accept milliseconds too rather than refuse a harmless format change.
      const ms = n < 1e12 ? n * 1000 : n;
      if (Math.abs(now.getTime() - ms) > this.maxSkewMs) return refuse('stale request timestamp');
    }
    return { kind: 'event', payload };
  }
}
