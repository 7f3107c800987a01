import { z } from 'zod';
import { ConfigError } from '../config.js';
import { relayEnvShape, type RelaySettings } from '../delivery/settings.js';

/** Puppet of a gateway when WECHATY_PUPPET is not set (web-WeChat protocol, no extra downloads). */
export const DEFAULT_WECHATY_PUPPET = 'wechaty-puppet-wechat4u';

const gatewaySchema = z.object({
  CORE_URL: z.url(),
  CORE_TOKEN: z.string().trim().min(1, 'required: the core refuses the outbox routes without it'),
  WECHATY_PUPPET: z.string().trim().min(1).default(DEFAULT_WECHATY_PUPPET),
  PIONEER_TZ: z.string().default('Asia/Shanghai'),
  ...relayEnvShape,
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
