export { larkAdapter, type LarkAdapter, type LarkAdapterOptions } from './adapter.js';
export { LARK_CAPABILITIES, larkConfig, larkLimits, type LarkConfig } from './config.js';
export { LARK_PLATFORM, LARK_WEBHOOK_PATH } from './constants.js';
export { larkModule } from './module.js';
