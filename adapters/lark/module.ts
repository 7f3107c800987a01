import type { AdapterModule } from '../../src/contracts/adapter.js';
import { larkAdapter } from './adapter.js';
import { LARK_CAPABILITIES, larkConfigSchema, larkLimits, type LarkConfig } from './config.js';
import { LARK_PLATFORM } from './constants.js';

/**
 * Production refuses a webhook that could not tell Feishu's callbacks from forged ones: the
 * encrypt key signs every request (and its timestamp), the verification token names the app's
 * subscription. Both are on 开发者后台 → 事件与回调 → 加密策略. (The long connection is
 * authenticated by the app secret itself.)
 */
function unauthenticatedWebhook(c: LarkConfig): string[] {
  const why = 'required in production with LARK_MODE=webhook (事件与回调 → 加密策略), or use LARK_MODE=ws';
  return (['LARK_ENCRYPT_KEY', 'LARK_VERIFICATION_TOKEN'] as const).filter((k) => !c[k]).map((k) => `${k}: ${why}`);
}

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
    const on = larkModule.enabled(c, ctx);
    return on && ctx.production && c.LARK_MODE === 'webhook' ? unauthenticatedWebhook(c) : [];
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
