import { z } from 'zod';
import { ConfigError } from '../../contracts/config/index.js';
import { relayEnvShape, type RelaySettings } from '../../contracts/config/relay.js';

/** Puppet of a gateway when WECHATY_PUPPET is not set (web-WeChat protocol, no extra downloads). */
export const DEFAULT_WECHATY_PUPPET = 'wechaty-puppet-wechat4u';
/**
 * How often an idle gateway asks the core for due rows. Each idle round is two requests (claim and
 * today's count), so 5 s is ~35k requests a day against a core on Workers; rows created by
 * commands through this gateway go out at once anyway (it looks again after every answer).
 */
export const GATEWAY_RELAY_POLL_MS = 5000;

const gatewaySchema = z.object({
  CORE_URL: z.url(),
  CORE_TOKEN: z.string().trim().min(1, 'required: the core refuses the outbox routes without it'),
  WECHATY_PUPPET: z.string().trim().min(1).default(DEFAULT_WECHATY_PUPPET),
  PIONEER_TZ: z.string().default('Asia/Shanghai'),
  ...relayEnvShape,
  RELAY_POLL_MS: z.coerce.number().int().min(10).default(GATEWAY_RELAY_POLL_MS),
});

/** What `npm run wechat-gateway` reads from the environment. */
export type GatewayConfig = z.infer<typeof gatewaySchema> & RelaySettings;

/** Parses the gateway's environment once; a bad value stops start-up naming the variable. */
export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  const parsed = gatewaySchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
