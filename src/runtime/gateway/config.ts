import { z } from 'zod';
import { parseEnv } from '../../contracts/config/env.js';
import { relayEnvShape, type RelaySettings } from '../../contracts/config/relay.js';

/**
 * How often an idle gateway asks the core for due rows. Each idle round is two requests (claim and
 * today's count), so 5 s is ~35k requests a day against a core on Workers; rows created by
 * commands through this gateway go out at once anyway (it looks again after every answer).
 */
export const GATEWAY_RELAY_POLL_MS = 5000;

const gatewaySchema = z.object({
  CORE_URL: z.url(),
  CORE_TOKEN: z.string().trim().min(1, 'required: the core refuses the outbox routes without it'),
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
export type GatewayConfig = z.infer<typeof gatewaySchema> & RelaySettings;

/** Parses the gateway's environment once; a bad value stops start-up naming the variable. */
export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  return parseEnv(gatewaySchema, env);
}
