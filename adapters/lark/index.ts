export { larkAdapter, larkOptionsFromConfig, type LarkAdapter, type LarkAdapterOptions } from './adapter.js';
export type { ConfirmationsHook } from './card-action.js';
export type { Confirmations } from './card.js';
export { LARK_PLATFORM, LARK_RATE_LIMITS, LARK_WEBHOOK_PATH } from './constants.js';
export type { Defer } from './tasks.js';
