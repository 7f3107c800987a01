import { DeliveryError } from '../../src/contracts/errors.js';
import { LARK_RATE_LIMIT_DEFAULT_WAIT_MS } from './constants.js';

/** Business codes that mean "too many requests": the app, chat or user limit. */
const RATE_LIMIT_CODES = new Set([99991400, 230020, 11232]);
/** Business codes worth retrying: token expired or invalid, internal errors. */
const RETRYABLE_CODES = new Set([99991661, 99991663, 99991668, 1000004, 1000005]);

interface HttpLikeError {
  response?: { status?: number; data?: unknown; headers?: unknown };
  message?: string;
  code?: string;
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => unknown } & Record<string, unknown>;
  const v = typeof h.get === 'function' ? h.get(name) : h[name];
  return v === undefined || v === null ? undefined : String(v);
}

function bodyCode(data: unknown): { code?: number; msg?: string } {
  if (!data || typeof data !== 'object') return {};
  const d = data as { code?: unknown; msg?: unknown };
  return { code: typeof d.code === 'number' ? d.code : undefined, msg: typeof d.msg === 'string' ? d.msg : undefined };
}

/** Milliseconds to wait from `x-ogw-ratelimit-reset` (seconds), or the default. */
function resetMs(headers: unknown): number {
  const s = Number(header(headers, 'x-ogw-ratelimit-reset'));
  return Number.isFinite(s) && s >= 0 ? Math.ceil(s * 1000) : LARK_RATE_LIMIT_DEFAULT_WAIT_MS;
}

/** A refused answer `{ code, msg }` (HTTP 200 with code ≠ 0) as a DeliveryError. */
export function codeError(code: number, msg = ''): DeliveryError {
  if (RATE_LIMIT_CODES.has(code))
    return new DeliveryError(`lark rate limit (code ${code})`, { retryAfterMs: LARK_RATE_LIMIT_DEFAULT_WAIT_MS });
  return new DeliveryError(`lark refused: code ${code} ${msg}`.trim(), { permanent: !RETRYABLE_CODES.has(code) });
}

/**
 * Classifies a failed Open API call: 429 or code 99991400 waits for `x-ogw-ratelimit-reset`;
 * 5xx, network failures and token problems are retried; other 4xx refusals are permanent.
 */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = (err ?? {}) as HttpLikeError;
  const res = e.response;
  if (!res) return new DeliveryError(`lark request failed: ${e.message ?? String(err)}`);
  const status = res.status ?? 0;
  const { code, msg } = bodyCode(res.data);
  if (status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
    return new DeliveryError(`lark rate limit (HTTP ${status}${code !== undefined ? `, code ${code}` : ''})`, {
      retryAfterMs: resetMs(res.headers),
      status,
    });
  }
  const what = `lark HTTP ${status}${code !== undefined ? ` code ${code}` : ''}${msg ? ` ${msg}` : ''}`;
  if (status >= 500 || (code !== undefined && RETRYABLE_CODES.has(code))) return new DeliveryError(what, { status });
  return new DeliveryError(what, { status, permanent: status >= 400 && status < 500 });
}
