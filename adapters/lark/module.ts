import type { AdapterModule } from '../../src/contracts/adapter.js';
import { larkAdapter } from './adapter.js';
import { LARK_CAPABILITIES, larkConfigSchema, larkLimits, type LarkConfig } from './config.js';
import { LARK_PLATFORM } from './constants.js';

/** Feishu/Lark as the runtime assembly lists it: on when LARK_APP_ID and LARK_APP_SECRET are set. */
export const larkModule: AdapterModule<LarkConfig> = {
  platform: LARK_PLATFORM,
  // A gateway process relays rows only; Lark's callbacks reach the core itself.
  runtimes: ['node', 'worker'],
  capabilities: () => LARK_CAPABILITIES,
  configSchema: larkConfigSchema,
  enabled: (c) => !!c.LARK_APP_ID && !!c.LARK_APP_SECRET,
  check(c, ctx) {
    if (ctx.runtime === 'worker' && c.LARK_MODE === 'ws') {
      return ['LARK_MODE: the long connection (ws) needs the Node entry; use webhook on Workers'];
    }
    return [];
  },
  create: (c, ctx) =>
    larkAdapter({
      appId: c.LARK_APP_ID!,
      appSecret: c.LARK_APP_SECRET!,
      domain: c.LARK_DOMAIN,
      encryptKey: c.LARK_ENCRYPT_KEY,
      verificationToken: c.LARK_VERIFICATION_TOKEN,
      mode: c.LARK_MODE,
      defer: ctx.defer,
      log: ctx.log,
      botNames: ctx.botNames,
      limits: larkLimits(c),
    }),
};
