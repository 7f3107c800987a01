// What the runtime and the tests use of the WeChat adapter. The module is light (config and
// capabilities); Wechaty itself is loaded by createWechatyAdapter (./adapter.ts) only.
export { DEFAULT_WECHATY_PUPPET, wechatyCapabilities, wechatyConfig, wechatyLimits } from './config.js';
export type { WechatyConfig } from './config.js';
export { WECHAT_PLATFORM, WECHATY_MEMORY_NAME } from './constants.js';
export { wechatyModule } from './module.js';
export type { HandledEvent, WechatyAdapter, WechatyAdapterOptions } from './adapter.js';
export type { QrPrinter } from './lifecycle.js';
export type { WechatyPuppet } from './puppet.js';
