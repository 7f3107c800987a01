export { wecomAdapter, type WecomAdapter, type WecomAdapterOptions } from './adapter.js';
export { WECOM_CAPABILITIES, wecomConfig, wecomLimits, type WecomConfig } from './config.js';
export { WECOM_PLATFORM, WECOM_WEBHOOK_PATH } from './constants.js';
export { robotChatId } from './keys.js';
export { wecomModule } from './module.js';
