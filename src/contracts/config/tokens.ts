import { z } from 'zod';

// The bearer tokens of /v1/*: CORE_TOKEN, and GATEWAY_TOKENS, one per gateway and bound to the
// platform that gateway runs (src/http/auth.ts decides what each may do). Messages name their
// platform themselves, so a token bound to one platform is what keeps a gateway of one platform
// (or whoever took its token) from posting as anyone on another.

/** Shortest token production accepts, in characters (about 190 bits as base64 or hex). */
export const MIN_TOKEN_CHARS = 32;

/** One gateway's token and the only platform it may speak for. */
export interface GatewayToken {
  platform: string;
  token: string;
}

/** A platform name as messages carry it (wechat, lark, wecom…). */
const PLATFORM_RE = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * GATEWAY_TOKENS: `platform:token,…`. Refusals name the entry by position, never by value (a
 * refused configuration is printed, and the value is a secret). One token names one platform.
 */
export const gatewayTokensVar = z
  .string()
  .default('')
  .transform((v, ctx) => {
    const out: GatewayToken[] = [];
    const entries = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const [i, raw] of entries.entries()) {
      const at = raw.indexOf(':');
      const platform = at > 0 ? raw.slice(0, at) : '';
      const token = at > 0 ? raw.slice(at + 1) : '';
      if (!PLATFORM_RE.test(platform) || !token || /\s/.test(token)) {
        ctx.addIssue({ code: 'custom', message: `entry ${i + 1} is not platform:token` });
        return z.NEVER;
      }
      if (out.some((g) => g.token === token)) {
        ctx.addIssue({ code: 'custom', message: `entry ${i + 1} repeats the token of another entry` });
        return z.NEVER;
      }
      out.push({ platform, token });
    }
    return out;
  });

/** What production refuses about the tokens: none at all, a short one, a gateway token equal to CORE_TOKEN. */
export function tokenIssues(cfg: { CORE_TOKEN?: string; GATEWAY_TOKENS: readonly GatewayToken[] }): string[] {
  const issues: string[] = [];
  if (!cfg.CORE_TOKEN && cfg.GATEWAY_TOKENS.length === 0) {
    issues.push('CORE_TOKEN: required in production (or GATEWAY_TOKENS, one token per gateway)');
  }
  if (cfg.CORE_TOKEN && cfg.CORE_TOKEN.length < MIN_TOKEN_CHARS) {
    issues.push(`CORE_TOKEN: at least ${MIN_TOKEN_CHARS} characters in production`);
  }
  cfg.GATEWAY_TOKENS.forEach((g, i) => {
    if (g.token.length < MIN_TOKEN_CHARS) {
      issues.push(`GATEWAY_TOKENS: entry ${i + 1} (${g.platform}) needs at least ${MIN_TOKEN_CHARS} characters`);
    }
    if (g.token === cfg.CORE_TOKEN) issues.push(`GATEWAY_TOKENS: entry ${i + 1} (${g.platform}) repeats CORE_TOKEN`);
  });
  return issues;
}
