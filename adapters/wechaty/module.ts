import type { AdapterModule } from '../../src/contracts/adapter.js';
import { DEFAULT_WECHATY_PUPPET, wechatyCapabilities, wechatyConfigSchema, type WechatyConfig } from './config.js';
import { WECHAT_PLATFORM, WECHATY_MEMORY_NAME } from './constants.js';

/**
 * Where the adapter itself is. Named through a variable so that bundlers (wrangler for the
 * Worker, where WeChat never runs) leave Wechaty out: it is large, slow to import and Node-only.
 */
const ADAPTER_PATH = './adapter.js';

/**
 * Personal WeChat as the runtime assembly lists it: in the Node core when WECHATY_PUPPET names a
 * puppet, always in the gateway (whose default puppet is wechat4u), never on Workers.
 */
export const wechatyModule: AdapterModule<WechatyConfig> = {
  platform: WECHAT_PLATFORM,
  runtimes: ['node', 'gateway'],
  capabilities: wechatyCapabilities,
  configSchema: wechatyConfigSchema,
  enabled: (c, ctx) => ctx.runtime === 'gateway' || c.WECHATY_PUPPET !== undefined,
  async create(c, ctx) {
    const { createWechatyAdapter } = (await import(/* @vite-ignore */ ADAPTER_PATH)) as typeof import('./adapter.js');
    return createWechatyAdapter({
      puppet: c.WECHATY_PUPPET ?? DEFAULT_WECHATY_PUPPET,
      config: c,
      timeZone: ctx.timeZone,
      log: ctx.log,
      clock: ctx.clock,
      memoryName: WECHATY_MEMORY_NAME,
    });
  },
};
