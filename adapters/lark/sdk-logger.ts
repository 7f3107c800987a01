import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../src/log.js';

const MAX_DETAIL_CHARS = 500;

function describe(parts: unknown[]): string {
  return parts
    .map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p) ?? String(p)))
    .join(' ')
    .slice(0, MAX_DETAIL_CHARS);
}

/** Routes the SDK's own logging into ours: its errors and warnings as warnings, the rest dropped. */
export function sdkLogger(getLog: () => Logger): lark.Logger {
  const warn = (...parts: unknown[]) => getLog().warn('lark sdk', { detail: describe(parts) });
  const drop = () => undefined;
  return { error: warn, warn, info: drop, debug: drop, trace: drop };
}
