import type { Context, MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import { PLAYGROUND_PLATFORM, type Config } from '../contracts/config/index.js';

// Who is calling /v1/*, from the bearer token, and what that caller may do. README "Security"
// says the same in a table; test/src/http/gateway-tokens.test.ts checks each row.

/**
 * The caller of a /v1/* route. `open`: no token is configured at all (development on loopback),
 * so nothing is checked. `core`: CORE_TOKEN. `gateway`: one of GATEWAY_TOKENS, bound to a platform.
 */
export type Caller = { kind: 'open' } | { kind: 'core' } | { kind: 'gateway'; platform: string };

declare module 'hono' {
  interface ContextVariableMap {
    caller: Caller;
  }
}

type TokenConfig = Pick<Config, 'CORE_TOKEN' | 'GATEWAY_TOKENS'>;

/** True when /v1/* needs a token: CORE_TOKEN or GATEWAY_TOKENS is set. */
export function tokensConfigured(config: TokenConfig): boolean {
  return !!config.CORE_TOKEN || config.GATEWAY_TOKENS.length > 0;
}

/** The caller a bearer token names, or null for a wrong one. Every token is compared in constant time. */
async function callerOf(config: TokenConfig, given: string): Promise<Caller | null> {
  let found: Caller | null = null;
  if (config.CORE_TOKEN && (await timingSafeEqual(given, config.CORE_TOKEN))) found = { kind: 'core' };
  for (const g of config.GATEWAY_TOKENS) {
    if (await timingSafeEqual(given, g.token)) found = { kind: 'gateway', platform: g.platform };
  }
  return found;
}

/** The /v1/* middleware: 401 without a right token (when any is configured); the caller is kept for the routes. */
export function bearerAuth(config: TokenConfig): MiddlewareHandler {
  return async (c, next) => {
    if (!tokensConfigured(config)) {
      c.set('caller', { kind: 'open' });
      return next();
    }
    const header = c.req.header('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    const caller = given ? await callerOf(config, given) : null;
    if (!caller) return c.json({ error: 'missing or wrong bearer token' }, 401);
    c.set('caller', caller);
    return next();
  };
}

/** The caller the middleware found (routes outside /v1/* never ask). */
export function callerFrom(c: Context): Caller {
  return c.get('caller') ?? { kind: 'open' };
}

/**
 * Whether the caller may post a message as someone on `platform`: a gateway token only for its
 * own platform; CORE_TOKEN for any platform while it is the only token (as before gateway tokens),
 * and once GATEWAY_TOKENS is set only for the playground (its page, where PLAYGROUND=on serves it).
 */
export function mayPostAs(config: TokenConfig, caller: Caller, platform: string): boolean {
  if (caller.kind === 'open') return true;
  if (caller.kind === 'gateway') return caller.platform === platform;
  return config.GATEWAY_TOKENS.length === 0 || platform === PLAYGROUND_PLATFORM;
}

/**
 * Whether the caller may lease and settle outbox rows of `platform` (rows may carry personal
 * data): a gateway token only its own platform's; CORE_TOKEN only while it is the only token;
 * nobody without a token.
 */
export function mayRelay(config: TokenConfig, caller: Caller, platform: string): boolean {
  if (caller.kind === 'open') return false;
  if (caller.kind === 'gateway') return caller.platform === platform;
  return config.GATEWAY_TOKENS.length === 0;
}

/** What a refused platform answers: 403 naming the field. */
export function platformRefused(c: Context, platform: string) {
  return c.json({ error: `platform: this token may not act for ${platform.slice(0, 32)}`, field: 'platform' }, 403);
}
