import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../src/contracts/log.js';

const MAX_DETAIL_CHARS = 500;
/** Keys whose values are never logged (the SDK hands over axios errors with the request's config). */
const SECRET_KEY = /secret|token|password|authorization|encrypt|cookie|key/i;
/** Keys dropped entirely: the request behind an error (body, headers) and stack noise. */
const DROPPED_KEYS = new Set(['config', 'request', 'headers', 'stack']);

function errorText(e: { name?: unknown; message?: unknown }): string {
  return `${typeof e.name === 'string' ? `${e.name}: ` : ''}${String(e.message)}`;
}

/** JSON without secrets or request details; errors, however deeply nested, as "name: message". */
function safeJson(value: unknown): string {
  return (
    JSON.stringify(value, (key, v: unknown) => {
      if (SECRET_KEY.test(key)) return '[redacted]';
      if (DROPPED_KEYS.has(key)) return undefined;
      if (v instanceof Error) return errorText(v);
      return v;
    }) ?? String(value)
  );
}

function describe(parts: unknown[]): string {
  return parts
    .map((p) => (p instanceof Error ? errorText(p) : typeof p === 'string' ? p : safeJson(p)))
    .join(' ')
    .slice(0, MAX_DETAIL_CHARS);
}

/** Routes the SDK's own logging into ours: its errors and warnings as warnings, the rest dropped. */
export function sdkLogger(getLog: () => Logger): lark.Logger {
  const warn = (...parts: unknown[]) => getLog().warn('lark sdk', { detail: describe(parts) });
  const drop = () => undefined;
  return { error: warn, warn, info: drop, debug: drop, trace: drop };
}
