import { DeliveryError } from '../../src/contracts/errors.js';
import { WECOM_RATE_LIMIT_WAIT_MS } from './constants.js';

/** errcodes that mean "too often": 45009 (api freq out of limit) and 45033 (concurrency). */
const RATE_LIMIT_CODES = new Set([45009, 45033]);
/** errcodes worth trying again: system busy, and the credentials being refreshed. */
const RETRYABLE_CODES = new Set([-1, 40014, 42001]);

/** A refused answer `{ errcode, errmsg }` as a DeliveryError: 45009 waits, busy retries, the rest is permanent. */
export function codeError(what: string, errcode: number, errmsg = ''): DeliveryError {
  if (RATE_LIMIT_CODES.has(errcode)) {
    return new DeliveryError(`${what}: frequency limit (errcode ${errcode})`, {
      retryAfterMs: WECOM_RATE_LIMIT_WAIT_MS,
    });
  }
  const message = `${what} refused: errcode ${errcode} ${errmsg}`.trim();
  return new DeliveryError(message, { permanent: !RETRYABLE_CODES.has(errcode) });
}

/**
 * A failed send of the long connection as a DeliveryError: the SDK rejects with the ack frame
 * (`{ errcode, errmsg }`) when WeCom refused, and with an Error when the socket is down or the
 * ack timed out (both worth another try).
 */
export function sdkError(what: string, err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const f = err as { errcode?: unknown; errmsg?: unknown } | null;
  if (f && typeof f === 'object' && typeof f.errcode === 'number') {
    return codeError(what, f.errcode, typeof f.errmsg === 'string' ? f.errmsg : '');
  }
  return new DeliveryError(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
}

/** An HTTP answer of the send API as a DeliveryError, or null when it was accepted. */
export async function httpError(what: string, res: Response): Promise<DeliveryError | null> {
  if (res.status >= 500) return new DeliveryError(`${what}: HTTP ${res.status}`, { status: res.status });
  if (res.status === 429) {
    return new DeliveryError(`${what}: HTTP 429`, { status: 429, retryAfterMs: WECOM_RATE_LIMIT_WAIT_MS });
  }
  let body: { errcode?: unknown; errmsg?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    return new DeliveryError(`${what}: HTTP ${res.status}, not JSON`, { status: res.status, permanent: true });
  }
  const code = typeof body.errcode === 'number' ? body.errcode : res.ok ? 0 : -2;
  if (code === 0) return null;
  return codeError(what, code, typeof body.errmsg === 'string' ? body.errmsg : '');
}
