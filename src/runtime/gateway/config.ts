import { z } from 'zod';
import { configError, optionalString, parseEnv } from '../../contracts/config/env.js';
import { MIN_TOKEN_CHARS } from '../../contracts/config/tokens.js';
import { relayEnvShape, type RelaySettings } from '../../contracts/config/relay.js';

/**
 * How often an idle gateway asks the core for due rows. Each idle round is two requests (claim and
 * today's count), so 5 s is ~35k requests a day against a core on Workers; rows created by
 * commands through this gateway go out at once anyway (it looks again after every answer).
 */
export const GATEWAY_RELAY_POLL_MS = 5000;

const gatewaySchema = z.object({
  CORE_URL: z.url(),
  /** This gateway's own token: its entry in the core's GATEWAY_TOKENS (bound to its platform there). */
  GATEWAY_TOKEN: optionalString,
  /** The core's CORE_TOKEN, for a core that has no GATEWAY_TOKENS (one token for everything, as before). */
  CORE_TOKEN: optionalString,
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PIONEER_TZ: z.string().default('Asia/Shanghai'),
  /** The core's limit; a message larger than this would be refused there anyway. */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024),
  ...relayEnvShape,
  RELAY_POLL_MS: z.coerce.number().int().min(10).default(GATEWAY_RELAY_POLL_MS),
});

/** What `npm run wechat-gateway` reads from the environment (its adapters read their own). */
export type GatewayConfig = z.infer<typeof gatewaySchema> &
  RelaySettings & {
    /** The bearer token this gateway sends: GATEWAY_TOKEN, else CORE_TOKEN. */
    token: string;
  };

/** Parses the gateway's environment once; a bad value stops start-up naming the variable. */
export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  const cfg = parseEnv(gatewaySchema, env);
  const token = cfg.GATEWAY_TOKEN ?? cfg.CORE_TOKEN;
  if (!token) throw configError(['GATEWAY_TOKEN: required (or CORE_TOKEN): the core refuses the gateway without it']);
  const name = cfg.GATEWAY_TOKEN ? 'GATEWAY_TOKEN' : 'CORE_TOKEN';
  if (cfg.NODE_ENV === 'production' && token.length < MIN_TOKEN_CHARS) {
    throw configError([`${name}: at least ${MIN_TOKEN_CHARS} characters in production`]);
  }
  return { ...cfg, token };
}
