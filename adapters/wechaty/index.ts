export { createWechatyAdapter, type HandledEvent, type WechatyAdapter, type WechatyAdapterOptions } from './adapter.js';
export { WECHAT_PLATFORM, WECHATY_MEMORY_NAME } from './constants.js';
export { wechatyDeliverer } from './deliverer.js';
export { toIncoming } from './inbound.js';
export { terminalQr, type QrPrinter } from './lifecycle.js';
export { loadPuppet, PuppetLoadError, type WechatyPuppet } from './puppet.js';
export { planMentions } from './send.js';
