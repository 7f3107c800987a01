import type { AdapterContext, AdapterModule } from '../../src/contracts/adapter.js';
import { dingtalkAdapter } from './adapter.js';
import { DINGTALK_CAPABILITIES, dingtalkConfigSchema, dingtalkLimits, type DingTalkConfig } from './config.js';
import { DINGTALK_PLATFORM } from './constants.js';

/** The mode in force: DINGTALK_MODE, else the long connection on Node and HTTP callbacks elsewhere. */
export function dingtalkMode(c: DingTalkConfig, ctx: Pick<AdapterContext, 'runtime'>): 'stream' | 'webhook' {
  return c.DINGTALK_MODE ?? (ctx.runtime === 'node' ? 'stream' : 'webhook');
}

/**
 * Production refuses what would let others speak or listen as the bot: API bases that are not
 * https (a test server left configured), and custom group robots without 加签 (their token in a
 * URL would be the only credential, and nothing would bind a send to its time).
 */
function productionRefusals(c: DingTalkConfig): string[] {
  const out: string[] = [];
  for (const k of ['DINGTALK_API_BASE', 'DINGTALK_OAPI_BASE'] as const)
    if (!c[k].startsWith('https://')) out.push(`${k}: must be an https URL in production`);
  const unsigned = c.DINGTALK_GROUP_ROBOTS.filter((r) => !r.secret).map((r) => r.name);
  if (unsigned.length)
    out.push(`DINGTALK_GROUP_ROBOTS: 加签 secret (SEC…) required in production for ${unsigned.join('、')}`);
  return out;
}

/** DingTalk as the runtime assembly lists it: on when DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET are set. */
export const dingtalkModule: AdapterModule<DingTalkConfig> = {
  platform: DINGTALK_PLATFORM,
  // A gateway process relays rows only; DingTalk's callbacks reach the core itself.
  runtimes: ['node', 'worker'],
  capabilities: () => DINGTALK_CAPABILITIES,
  configSchema: dingtalkConfigSchema,
  enabled: (c) => !!c.DINGTALK_CLIENT_ID && !!c.DINGTALK_CLIENT_SECRET,
  check(c, ctx) {
    if (ctx.runtime === 'worker' && c.DINGTALK_MODE === 'stream') {
      return ['DINGTALK_MODE: Stream mode (a long connection) needs the Node entry; use webhook on Workers'];
    }
    const on = dingtalkModule.enabled(c, ctx);
    if (!on && c.DINGTALK_GROUP_ROBOTS.length) {
      return ['DINGTALK_GROUP_ROBOTS: needs DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET (the app robot binds them)'];
    }
    return on && ctx.production ? productionRefusals(c) : [];
  },
  create: (c, ctx) =>
    dingtalkAdapter({
      clientId: c.DINGTALK_CLIENT_ID!,
      clientSecret: c.DINGTALK_CLIENT_SECRET!,
      mode: dingtalkMode(c, ctx),
      ...(c.DINGTALK_ROBOT_CODE ? { robotCode: c.DINGTALK_ROBOT_CODE } : {}),
      ...(c.DINGTALK_CARD_TEMPLATE_ID ? { cardTemplateId: c.DINGTALK_CARD_TEMPLATE_ID } : {}),
      robots: c.DINGTALK_GROUP_ROBOTS,
      apiBase: c.DINGTALK_API_BASE,
      oapiBase: c.DINGTALK_OAPI_BASE,
      defer: ctx.defer,
      log: ctx.log,
      botNames: ctx.botNames,
      limits: dingtalkLimits(c),
      clock: ctx.clock,
    }),
};
