import type { AdapterContext, AdapterModule } from '../../src/contracts/adapter.js';
import { wecomAdapter } from './adapter.js';
import { WECOM_CAPABILITIES, wecomConfigSchema, wecomLimits, type WecomConfig } from './config.js';
import { WECOM_PLATFORM } from './constants.js';

/** The mode that runs: WECOM_MODE, else the long connection on Node and URL callbacks on Workers. */
export function wecomMode(c: WecomConfig, ctx: Pick<AdapterContext, 'runtime'>): 'ws' | 'webhook' {
  return c.WECOM_MODE ?? (ctx.runtime === 'worker' ? 'webhook' : 'ws');
}

/**
 * What each mode needs. The long connection is authenticated by the bot's secret; URL callbacks
 * by the token (the signature) and the EncodingAESKey (the ciphertext): without both anyone
 * could post events, so production refuses to start without them.
 */
function missing(c: WecomConfig, mode: 'ws' | 'webhook', production: boolean): string[] {
  if (mode === 'ws') {
    const why = 'required for WECOM_MODE=ws (智能机器人 → API 模式 → 长连接: Bot ID and Secret)';
    return (['WECOM_BOT_ID', 'WECOM_BOT_SECRET'] as const).filter((k) => !c[k]).map((k) => `${k}: ${why}`);
  }
  if (!production) return [];
  const why = 'required in production with WECOM_MODE=webhook (智能机器人 → API 模式 → URL: Token, EncodingAESKey)';
  return (['WECOM_TOKEN', 'WECOM_AES_KEY'] as const).filter((k) => !c[k]).map((k) => `${k}: ${why}`);
}

/**
 * In production the bot's secret (the subscribe frame) and robot keys (in the URL) must not go
 * in clear: a loopback fake's ws:// or http:// is for tests and development only.
 */
function plainTransport(c: WecomConfig, mode: 'ws' | 'webhook'): string[] {
  const out: string[] = [];
  // A loopback address never leaves the machine (a local relay, or the tests' fakes).
  const loopback = (u: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(u).hostname);
  if (mode === 'ws' && c.WECOM_BOT_ID && !c.WECOM_WS_URL.startsWith('wss://') && !loopback(c.WECOM_WS_URL)) {
    out.push('WECOM_WS_URL: must be wss:// in production (the subscribe frame carries the secret)');
  }
  if (!c.WECOM_API_BASE.startsWith('https://') && !loopback(c.WECOM_API_BASE)) {
    out.push('WECOM_API_BASE: must be https:// in production (group robot keys travel in the URL)');
  }
  return out;
}

/**
 * WeCom as the runtime assembly lists it: on with a bot id and secret (long connection), a
 * callback token and key (URL mode), or group robots alone (WECOM_GROUP_WEBHOOKS).
 */
export const wecomModule: AdapterModule<WecomConfig> = {
  platform: WECOM_PLATFORM,
  runtimes: ['node', 'worker'],
  capabilities: () => WECOM_CAPABILITIES,
  configSchema: wecomConfigSchema,
  enabled: (c) =>
    !!(c.WECOM_BOT_ID && c.WECOM_BOT_SECRET) ||
    !!(c.WECOM_TOKEN && c.WECOM_AES_KEY) ||
    c.WECOM_GROUP_WEBHOOKS.length > 0,
  check(c, ctx) {
    const mode = wecomMode(c, ctx);
    if (ctx.runtime === 'worker' && mode === 'ws') {
      return ['WECOM_MODE: the long connection (ws) needs the Node entry; use webhook on Workers'];
    }
    const on = !!(c.WECOM_BOT_ID || c.WECOM_BOT_SECRET || c.WECOM_TOKEN || c.WECOM_AES_KEY);
    const refusals = on ? missing(c, mode, ctx.production) : [];
    return ctx.production ? [...refusals, ...plainTransport(c, mode)] : refusals;
  },
  create: (c, ctx) =>
    wecomAdapter({
      mode: wecomMode(c, ctx),
      botId: c.WECOM_BOT_ID,
      botSecret: c.WECOM_BOT_SECRET,
      token: c.WECOM_TOKEN,
      aesKey: c.WECOM_AES_KEY,
      robots: c.WECOM_GROUP_WEBHOOKS,
      wsUrl: c.WECOM_WS_URL,
      apiBase: c.WECOM_API_BASE,
      limits: wecomLimits(c),
      botNames: ctx.botNames,
      defer: ctx.defer,
      log: ctx.log,
    }),
};
